package dev.replicator.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line description of the machine and the Litestream binary's version, for the report. */
public final class Environment {

    private Environment() {
    }

    public static String describe() {
        String cpu = read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        String mem = read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal"))
                .map(l -> l.replaceAll("\\D", "")).map(kb -> Long.parseLong(kb) / 1048576 + " GiB")
                .findFirst().orElse("? GiB");
        return Runtime.getRuntime().availableProcessors() + " CPUs (" + cpu + "), " + mem + " RAM, Linux "
                + read("/proc/sys/kernel/osrelease").trim() + ", Java " + System.getProperty("java.version");
    }

    public static String litestreamVersion(Path litestream) {
        try {
            Process p = new ProcessBuilder(litestream.toString(), "version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (Exception e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (Exception e) {
            return "";
        }
    }
}
