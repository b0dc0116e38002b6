package dev.replicator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc tells about a process: CPU time, peak and current resident memory, threads. */
public final class ProcStats {

    /** Clock ticks per second of utime/stime; bench/run passes {@code getconf CLK_TCK}. */
    private static final double TICKS = Double.parseDouble(System.getProperty("bench.clkTck", "100"));

    private ProcStats() {
    }

    /** utime + stime in seconds (fields 14 and 15 of /proc/PID/stat). */
    public static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
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
