package dev.replicator.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * Notices, cheaply, what happened to the database's files between two sync passes: whether the database file was
 * replaced (another device and inode under its name), and whether its WAL was written since the last complete pass
 * (see {@link WalStamp}), which lets an idle database skip its passes.
 */
final class FileChanges {

    /** Longest run of skipped (quiet) passes; a complete pass also cleans up shadow WAL the replicas uploaded. */
    private static final Duration FULL_PASS = Duration.ofSeconds(30);

    private final Path path;
    private final Path walPath;
    private Object connectedKey;
    private WalStamp seen;
    private long lastFullPass;

    FileChanges(Path path, Path walPath) {
        this.path = path;
        this.walPath = walPath;
    }

    /** A complete pass under way: the WAL as it was when the pass started. */
    record Pass(WalStamp before, long startedAtNanos) {
    }

    /** Identity (device and inode) of the file at {@code p}, or null where the file system has none. */
    static Object keyOf(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    /** Records the identity of the file the connections were opened on. */
    void connected(Object key) {
        connectedKey = key;
    }

    /**
     * Whether the database file was deleted and created anew, or another file renamed over it: our connections then
     * still read the old file while the app writes a new one with a new WAL under the same name, and copying that WAL
     * would splice two histories (R6).
     *
     * @throws IOException naming the cause if the file is gone
     */
    boolean replaced() throws IOException {
        Object now;
        try {
            now = keyOf(path);
        } catch (NoSuchFileException e) {
            throw new IOException("database " + path + " was deleted: replication resumes, in a new generation,"
                    + " when it is created again");
        }
        return now != null && !now.equals(connectedKey);
    }

    /**
     * Whether nothing happened since the last complete pass, which ran within {@link #FULL_PASS}: same database file,
     * and a WAL provably not written since (a deleted file, say, is left to the full pass to report).
     */
    boolean unchangedSinceLastPass() {
        if (seen == null || System.nanoTime() - lastFullPass > FULL_PASS.toNanos()) {
            return false;
        }
        try {
            Object key = keyOf(path);
            return key != null && key.equals(connectedKey) && seen.unchangedAt(WalStamp.of(walPath));
        } catch (IOException e) {
            return false;
        }
    }

    Pass startPass() throws IOException {
        return new Pass(WalStamp.of(walPath), System.nanoTime());
    }

    void passCompleted(Pass pass) {
        seen = pass.before();
        lastFullPass = pass.startedAtNanos();
    }

    /** After a failed pass the next one is complete. */
    void passFailed() {
        seen = null;
    }
}
