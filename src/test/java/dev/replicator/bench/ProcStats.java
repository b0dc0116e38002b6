package dev.replicator.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** What Linux's /proc tells about a process: CPU time, peak and current resident memory, threads. */
public final class ProcStats {

    /** Clock ticks per second of utime/stime; bench/run passes {@code getconf CLK_TCK}. */
    private static final double TICKS = Double.parseDouble(System.getProperty("bench.clkTck", "100"));

    private ProcStats() {
    }

    /** utime + stime in seconds (fields 14 and 15 of /proc/PID/stat). */
    public static double cpuSeconds(long pid) {
        return cpuSeconds(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /**
     * CPU seconds by thread name ({@code /proc/PID/task/TID/comm}: a JVM names its threads there, 15 characters at
     * most; Go's are all named after the program), summed over threads of the same name.
     */
    public static Map<String, Double> cpuSecondsByThreadName(long pid) {
        Map<String, Double> byName = new TreeMap<>();
        File[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().listFiles();
        for (File task : tasks == null ? new File[0] : tasks) {
            try {
                String name = Files.readString(task.toPath().resolve("comm")).trim().replaceAll("[0-9]+$", "N");
                byName.merge(name, cpuSeconds(Files.readString(task.toPath().resolve("stat"))), Double::sum);
            } catch (IOException e) {
                // the thread ended meanwhile
            }
        }
        return byName;
    }

    private static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS; // fields[0] is field 3, state
    }

    /** VmHWM, the peak resident set size, in KiB. */
    public static long peakRssKib(long pid) {
        return statusKib(pid, "VmHWM:");
    }

    /** VmRSS in KiB. */
    public static long rssKib(long pid) {
        return statusKib(pid, "VmRSS:");
    }

    public static int threads(long pid) {
        String[] tasks = Path.of("/proc", Long.toString(pid), "task").toFile().list();
        return tasks == null ? 0 : tasks.length;
    }

    private static long statusKib(long pid, String field) {
        return read(Path.of("/proc", Long.toString(pid), "status")).lines().filter(l -> l.startsWith(field))
                .mapToLong(l -> Long.parseLong(l.substring(field.length()).replace("kB", "").trim()))
                .findFirst().orElse(0);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
