package dev.replicator.db;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The process's open file descriptors and their limit (Linux {@code /proc/self}), to say so clearly when databases
 * cannot be opened because the limit is reached: each replicated database holds about {@link #PER_DATABASE} of them.
 */
public final class OpenFiles {

    /** SQLite's database, WAL and shared-memory files, our descriptor of the database, its state lock and shadow WAL. */
    public static final int PER_DATABASE = 7;
    // Room for the JVM, the jar, sockets and a snapshot or two.
    private static final int RESERVE = 64;

    private OpenFiles() {
    }

    /** The soft limit on open files ({@code ulimit -n}), if it can be read. */
    public static OptionalLong limit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc hidden: no advice then
        }
        return OptionalLong.empty();
    }

    /** How many descriptors the process has open, or -1 if unknown. */
    public static long open() {
        long n = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path ignored : fds) {
                n++;
            }
            return n;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Why opening a file failed, if the process is (nearly) out of descriptors. */
    public static Optional<String> exhausted() {
        OptionalLong limit = limit();
        long open = open();
        if (limit.isEmpty() || open < 0 || open + 16 < limit.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of("the process has " + open + " files open, its limit (ulimit -n) is " + limit.getAsLong()
                + "; each replicated database needs about " + PER_DATABASE + ": raise it (LimitNOFILE= in the systemd"
                + " unit, ulimit -n, or docker --ulimit nofile=)");
    }

    /** How many more databases the process can open before it runs out of descriptors, if the limit is known. */
    public static OptionalLong headroom() {
        OptionalLong limit = limit();
        long open = open();
        if (limit.isEmpty() || open < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, (limit.getAsLong() - open - RESERVE) / PER_DATABASE));
    }

    /** A warning if {@code databases} databases need more descriptors than the limit allows. */
    public static Optional<String> tooFewFor(int databases) {
        OptionalLong limit = limit();
        long needed = (long) databases * PER_DATABASE + RESERVE;
        if (limit.isEmpty() || needed <= limit.getAsLong()) {
            return Optional.empty();
        }
        return Optional.of(databases + " databases need about " + needed + " open files but the limit (ulimit -n) is "
                + limit.getAsLong() + ": raise it (LimitNOFILE= in the systemd unit, ulimit -n, or docker --ulimit "
                + "nofile=), or databases beyond the limit cannot be replicated");
    }
}
