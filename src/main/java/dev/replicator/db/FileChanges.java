package dev.replicator.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * Notices, cheaply, what happened to the database's files between two sync passes: whether the database file was
 * deleted or replaced (another device and inode under its name), whether its WAL was written since the last complete
 * pass (see {@link WalStamp}), which lets an idle database skip its passes, and, once the old file was let go of,
 * whether the new file has rested long enough to connect to.
 */
final class FileChanges {

    /** Longest run of skipped (quiet) passes; a complete pass also cleans up shadow WAL the replicas uploaded. */
    private static final Duration FULL_PASS = Duration.ofSeconds(30);
    /**
     * How long a new file at the path must rest before we connect to it, and the longest we wait for that: our start
     * of a generation takes the write lock, which an app with no busy timeout that is still filling its new file
     * would get as "database is locked".
     */
    static final Duration REPLACEMENT_REST = Duration.ofSeconds(1);
    private static final Duration REPLACEMENT_REST_MAX = Duration.ofSeconds(30);

    /** What {@link #check()} found at the path. */
    enum Found { CONNECTED_FILE, OTHER_FILE, NO_FILE }

    private final Path path;
    private final Path walPath;
    private Object connectedKey;
    private WalStamp seen;
    private long lastFullPass;
    /** Our connections to the old file were closed; the next file at the path is connected to once it rests. */
    private boolean waitingForNewFile;
    private String newFileStamp;
    private long newFileNoticedAt;
    private long newFileStampSince;

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
        waitingForNewFile = false;
    }

    /**
     * Which file is at the path: the one we are connected to, or another one, the database having been deleted and
     * created anew or another file renamed over it (our connections then still read the old file while the app writes
     * a new one with a new WAL under the same name, and copying that WAL would splice two histories, R6), or none.
     * Once the old file was let go of, any file counts as another one: the new file may reuse the old inode.
     */
    Found check() throws IOException {
        Object now;
        try {
            now = keyOf(path);
        } catch (NoSuchFileException e) {
            return Found.NO_FILE;
        }
        return now == null || now.equals(connectedKey) && !waitingForNewFile ? Found.CONNECTED_FILE : Found.OTHER_FILE;
    }

    /** Our connections to the old file are closed: wait for a new file, and let it rest from the time it is seen. */
    void letGo() {
        waitingForNewFile = true;
        newFileStamp = null;
    }

    boolean waitingForNewFile() {
        return waitingForNewFile;
    }

    /** Whether no pass has looked at the file now at the path since the old one was let go of (or it still is not). */
    boolean newFileUnseen() {
        return !waitingForNewFile || newFileStamp == null;
    }

    /**
     * Whether the new file (and its WAL) has not changed for {@link #REPLACEMENT_REST}, or was first seen
     * {@link #REPLACEMENT_REST_MAX} ago; {@code now} in the final pass before shutdown.
     */
    boolean newFileRested(boolean finalPass) throws IOException {
        long now = System.nanoTime();
        if (newFileStamp == null) {
            newFileNoticedAt = now;
        }
        WalStamp wal = WalStamp.of(walPath);
        String stamp = keyOf(path) + " " + Files.size(path) + " " + Files.getLastModifiedTime(path) + " "
                + wal.size() + " " + wal.mtimeNanos();
        if (!stamp.equals(newFileStamp)) {
            newFileStamp = stamp;
            newFileStampSince = now;
        }
        return finalPass || now - newFileStampSince >= REPLACEMENT_REST.toNanos()
                || now - newFileNoticedAt >= REPLACEMENT_REST_MAX.toNanos();
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
            return key != null && key.equals(connectedKey) && !waitingForNewFile && seen.unchangedAt(WalStamp.of(walPath));
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
