package dev.replicator.torture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a replicator state directory unwritable, and writable again: a full disk (its own small tmpfs, filled up:
 * ENOSPC; root only), or a directory where no file can be created (chattr +i as root: EPERM; chmod a-w otherwise:
 * EACCES, which root would ignore). A test that cannot get its fault is skipped with the reason, not passed; under
 * {@code CI=true} it fails instead, so that CI never reports these guarantees as tested when they were not.
 */
abstract class StateDirFault implements AutoCloseable {

    protected final Path dir;

    private StateDirFault(Path dir) {
        this.dir = dir;
    }

    /** A full disk under {@code dir} (root only: a 16 MiB tmpfs mounted there). Call before anything uses it. */
    static StateDirFault diskFull(Path dir) throws IOException, InterruptedException {
        need(isRoot(), "a full disk needs a tmpfs mount, and mounting needs root");
        Files.createDirectories(dir);
        need(run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", dir.toString()),
                "mount -t tmpfs failed (no CAP_SYS_ADMIN in this container?)");
        return new Full(dir);
    }

    /**
     * A directory where nothing can be created, renamed or deleted: chattr +i as root (a read-only remount is refused
     * while files are open for writing), chmod a-w otherwise. Files already open stay writable, as on a real
     * read-only remount they would not; what this breaks is every new file, the tmp-fsync-rename of R4 included.
     */
    static StateDirFault readOnly(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        if (isRoot()) {
            need(run("chattr", "+i", dir.toString()) && run("chattr", "-i", dir.toString()),
                    "chattr +i failed (a file system without the immutable attribute?)");
            return new Immutable(dir);
        }
        return new ReadOnlyMode(dir);
    }

    /** What a failing write reports, to look for in logs. */
    abstract String errorText();

    abstract void break_() throws IOException, InterruptedException;

    abstract void repair() throws IOException, InterruptedException;

    @Override
    public void close() throws IOException, InterruptedException {
        repair();
    }

    /** Skips the test unless {@code condition} holds; under {@code CI=true} fails it. */
    static void need(boolean condition, String reason) {
        if (!condition && "true".equals(System.getenv("CI"))) {
            Assertions.fail(reason + "; CI=true, so this fault test fails instead of skipping: run it as root in a "
                    + "container allowed to mount tmpfs and set the immutable attribute");
        }
        Assumptions.assumeTrue(condition, reason);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!ok && Boolean.getBoolean("torture.verbose")) {
            System.err.println(String.join(" ", command) + ": " + output);
        }
        return ok;
    }

    /**
     * Fills the file system, and keeps it full: the replicator deletes shadow files it has uploaded, and without a
     * top-up the space they free could absorb its writes for as long as the test looks, as on a disk where nothing
     * else writes. A real full disk has other writers that take freed space.
     */
    private static final class Full extends StateDirFault {
        private final Path filler;
        private volatile boolean filling;
        private Thread topUp;

        Full(Path dir) {
            super(dir);
            this.filler = dir.resolve("filler");
        }

        @Override
        String errorText() {
            return "No space left on device";
        }

        @Override
        void break_() throws IOException {
            FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            fill(out, 64 * 1024);
            filling = true;
            topUp = new Thread(() -> {
                try (out) {
                    while (filling) {
                        if (fill(out, 4096) == 0) {
                            Thread.sleep(2);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("topping up " + filler + " failed", e);
                }
            }, "disk-full-top-up");
            topUp.setDaemon(true);
            topUp.start();
        }

        /** Appends blocks of {@code size} until the file system is full; returns the bytes written. */
        private static long fill(FileChannel out, int size) throws IOException {
            ByteBuffer block = ByteBuffer.allocate(size);
            long written = 0;
            while (true) {
                block.clear();
                try {
                    while (block.hasRemaining()) {
                        written += out.write(block);
                    }
                } catch (IOException full) {
                    if (!String.valueOf(full.getMessage()).contains("No space left")) {
                        throw full;
                    }
                    return written;
                }
            }
        }

        @Override
        void repair() throws IOException {
            filling = false;
            if (topUp != null) {
                try {
                    topUp.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                topUp = null;
            }
            Files.deleteIfExists(filler);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            repair();
            unmount(dir);
        }
    }

    private static final class Immutable extends StateDirFault {
        Immutable(Path dir) {
            super(dir);
        }

        @Override
        String errorText() {
            return "Operation not permitted";
        }

        @Override
        void break_() throws IOException, InterruptedException {
            for (Path d : directories(dir)) {
                if (!run("chattr", "+i", d.toString())) {
                    throw new IOException("chattr +i " + d + " failed");
                }
            }
        }

        @Override
        void repair() throws IOException, InterruptedException {
            for (Path d : directories(dir)) {
                run("chattr", "-i", d.toString());
            }
        }
    }

    private static final class ReadOnlyMode extends StateDirFault {
        ReadOnlyMode(Path dir) {
            super(dir);
        }

        @Override
        String errorText() {
            return "ermission denied";
        }

        @Override
        void break_() throws IOException {
            for (Path d : directories(dir)) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
            }
        }

        @Override
        void repair() throws IOException {
            for (Path d : directories(dir)) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static List<Path> directories(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList());
        }
    }

    /** Unmounts, lazily if a replicator still has files open there; waits until it is gone. */
    private static void unmount(Path dir) throws IOException, InterruptedException {
        if (!run("umount", dir.toString())) {
            run("umount", "-l", dir.toString());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (run("mountpoint", "-q", dir.toString()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
