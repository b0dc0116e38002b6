package dev.replicator.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a live process has used so far, from /proc (Linux), for the harness's cost report. */
final class ProcCpu {

    private ProcCpu() {
    }

    /** User plus system CPU milliseconds of {@code pid}, or -1 if unknown. */
    static long millis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
