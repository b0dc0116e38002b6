package dev.replicator.db;

import dev.replicator.wal.WalHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * When and how the replicator checkpoints one database: when the shadow WAL holds enough frames, a frame older than
 * the checkpoint interval, or the app has been idle; and how, by the read-transaction handoff that never lets SQLite discard uncopied frames.
 * Called by {@link Database} under its monitor.
 */
final class Checkpointer {

    // Database's logger: users filter on that name (it appears in JSON logs).
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final Duration TAIL_CHECKPOINT_WAIT = Duration.ofMillis(250);
    private static final Duration TAIL_CHECKPOINT_POLL = Duration.ofMillis(1);
    /** How long the app must not have committed before its WAL is checkpointed whatever its size. */
    private static final Duration IDLE_CHECKPOINT = Duration.ofSeconds(1);

    private final Path path;
    private final DatabaseSettings settings;
    private final Clock clock;
    private final DatabaseLocks locks;
    private final ShadowLog shadowLog;
    private final SnapshotReads snapshots;
    private final DatabaseStats stats;
    /** The shadow WAL file and its end when a checkpoint was last attempted: not again before it grows. */
    private ShadowWal attempted;
    private long attemptedEnd = -1;
    private Instant lastCheckpointAt;

    Checkpointer(Path path, DatabaseSettings settings, Clock clock, DatabaseLocks locks, ShadowLog shadowLog,
                 SnapshotReads snapshots, DatabaseStats stats) {
        this.path = path;
        this.settings = settings;
        this.clock = clock;
        this.locks = locks;
        this.shadowLog = shadowLog;
        this.snapshots = snapshots;
        this.stats = stats;
    }

    /**
     * Whether the shadow WAL holds frames that a checkpoint is due for: by size, by time, or because the app has been
     * idle (once per position). The idle checkpoint leaves the WAL fully backfilled, with our read transaction at mark
     * 0: the only state in which our open connections are harmless to an app that deletes or renames over its
     * database (it then shares our {@code -shm}, whose wal-index would otherwise send its reads to frames of the old
     * WAL: "disk I/O error").
     */
    boolean wanted(Instant now) {
        ShadowWal shadow = shadowLog.current();
        if (shadow == null) {
            return false;
        }
        long frames = frames(shadow);
        if (frames <= 0 || shadow == attempted && shadow.end() == attemptedEnd) {
            return false;
        }
        boolean dueByTime = lastCheckpointAt != null
                && now.isAfter(lastCheckpointAt.plus(settings.checkpointInterval()));
        Instant moved = shadowLog.positionSetAt();
        boolean idle = moved != null && !now.isBefore(moved.plus(IDLE_CHECKPOINT));
        return frames >= settings.minCheckpointPageCount() || dueByTime || idle;
    }

    private static long frames(ShadowWal shadow) {
        return (shadow.end() - WalHeader.SIZE) / shadow.header().frameSize();
    }

    /** Checkpoints if {@link #wanted}: FULL past max-checkpoint-page-count, PASSIVE otherwise. */
    void maybeCheckpoint() throws IOException {
        ShadowWal shadow = shadowLog.current();
        if (snapshots.inProgress() || shadow == null) {
            return;
        }
        Instant now = clock.instant();
        if (!wanted(now)) {
            return;
        }
        boolean full = frames(shadow) >= settings.maxCheckpointPageCount();
        attempted = shadow;
        attemptedEnd = shadow.end();
        lastCheckpointAt = now;
        try {
            checkpoint(full ? "FULL" : "PASSIVE");
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Copies what is committed (a generation may start) and checkpoints, whatever the WAL size. */
    void checkpointNow() throws IOException {
        try {
            shadowLog.copy(true);
            checkpoint("PASSIVE");
            attempted = shadowLog.current();
            attemptedEnd = attempted.end();
            lastCheckpointAt = clock.instant();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private IOException failed(SQLException e) {
        shadowLog.continuityLost();
        return new IOException("db=" + path + ": checkpoint failed: " + e.getMessage(), e);
    }

    /**
     * The checkpoint handoff. Phase 1 moves the read transaction to {@code spare} and checkpoints the bulk of the WAL
     * without blocking the app's writers. Phase 2 briefly holds the write lock to copy the tail, lets {@code reader}
     * checkpoint it and take a fresh read transaction, so that the app's next write can restart the WAL (T3, T5).
     */
    private void checkpoint(String bulkMode) throws IOException, SQLException {
        if (snapshots.inProgress()) {
            return;
        }
        locks.moveReadToSpare(this::copy);
        int[] bulk;
        try {
            bulk = locks.checkpoint(bulkMode);
            stats.checkpointed(bulkMode, clock.instant());
        } catch (SQLException e) {
            locks.moveReadToReader(this::copy);
            throw e;
        }
        copy();
        boolean locked = locks.withWriteLock(() -> {
            copy();
            locks.endSpareRead();
            int[] tail = checkpointTail();
            locks.beginReaderRead();
            log.debug("db={} checkpoint at {}: {} then tail {}", path, shadowLog.position(), Arrays.toString(bulk),
                    Arrays.toString(tail));
        });
        if (!locked) {
            locks.moveReadToReader(this::copy);
            log.debug("db={} checkpoint at {}: {}; write lock busy, WAL restart deferred", path,
                    shadowLog.position(), Arrays.toString(bulk));
        }
    }

    private void copy() throws IOException, SQLException {
        shadowLog.copy(false);
    }

    /**
     * Checkpoints the tail while the write lock is held. The app's own auto-checkpoint may hold the checkpoint lock
     * right now (busy, with -1 frames); it finishes soon, and giving up would leave the WAL unrestarted for another
     * round, so this retries for a short while. The app's writers wait meanwhile, well within their busy timeout.
     */
    private int[] checkpointTail() throws SQLException {
        long deadline = System.nanoTime() + TAIL_CHECKPOINT_WAIT.toNanos();
        while (true) {
            int[] tail = locks.checkpoint("PASSIVE");
            boolean checkpointLockBusy = tail[0] == 1 && tail[1] == -1;
            if (!checkpointLockBusy || System.nanoTime() - deadline >= 0) {
                return tail;
            }
            LockSupport.parkNanos(TAIL_CHECKPOINT_POLL.toNanos());
        }
    }
}
