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
    private static final Duration TAIL_CHECKPOINT_WAIT = Duration.ofMillis(2);
    private static final Duration TAIL_CHECKPOINT_POLL = Duration.ofNanos(50_000);
    /** Catching up stops once at most this many frames are left for the checkpoint under the write lock. */
    private static final long TAIL_FRAMES = 128;
    private static final int CATCH_UP_ROUNDS = 4;
    private static final Duration APP_CHECKPOINT_POLL = Duration.ofMillis(1);
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
    /** Frames of the current WAL that the last checkpoint of {@link #catchUp} left backfilled. */
    private long backfilled;

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

    /**
     * Checkpoints if {@link #wanted}. The write lock may be taken for a small tail once the WAL holds twice
     * min-checkpoint-page-count frames, and for whatever tail is left once it holds max-checkpoint-page-count: below
     * that, a busy app's WAL restarts when it pauses between two commits.
     */
    void maybeCheckpoint() throws IOException {
        ShadowWal shadow = shadowLog.current();
        if (snapshots.inProgress() || shadow == null) {
            return;
        }
        Instant now = clock.instant();
        if (!wanted(now)) {
            return;
        }
        long frames = frames(shadow);
        boolean force = frames >= settings.maxCheckpointPageCount();
        boolean mayLock = force || frames >= 2L * settings.minCheckpointPageCount();
        attempted = shadow;
        attemptedEnd = shadow.end();
        lastCheckpointAt = now;
        try {
            checkpoint(mayLock, force);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Copies what is committed (a generation may start) and checkpoints, whatever the WAL size. */
    void checkpointNow() throws IOException {
        try {
            shadowLog.copy(true);
            checkpoint(true, true);
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

    /** What catching up left for the write lock; APP_CHECKPOINTED: the app's own checkpoint ran meanwhile. */
    private enum Left { NOTHING, SMALL_TAIL, LARGE_TAIL, APP_CHECKPOINTED }

    /**
     * The checkpoint handoff. Phase 1, without blocking the app's writers: move the read transaction to {@code spare},
     * checkpoint (PASSIVE) up to it, and catch up with what the app committed meanwhile (hand the read transaction on
     * to the newest commit, checkpoint again). If that backfilled every frame, {@code reader} takes the read
     * transaction back, at mark 0 unless the app committed since, and the app's next write restarts the WAL: no write
     * lock at all. Otherwise phase 2, if {@code mayLock} and the tail left is small (any tail if {@code force}), holds
     * the write lock just to copy the tail, let {@code reader} checkpoint it and take a fresh read transaction (T3,
     * T5). Nothing waits under the write lock.
     */
    private void checkpoint(boolean mayLock, boolean force) throws IOException, SQLException {
        if (snapshots.inProgress()) {
            return;
        }
        locks.moveReadToSpare(this::copy);
        try {
            int[] bulk = locks.checkpoint("PASSIVE");
            stats.checkpointed("PASSIVE", clock.instant());
            if (mayLock) {
                locks.flushToDisk(); // so that the tail's checkpoint syncs, under the write lock, only what is new
            }
            Left left = catchUp(bulk);
            if (left == Left.NOTHING || left == Left.APP_CHECKPOINTED || !mayLock
                    || left == Left.LARGE_TAIL && !force) {
                locks.moveReadToReader(this::copy);
                logWithoutLock(left);
                return;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            locks.moveReadToReader(this::copy);
            throw e;
        }
        copy();
        long asked = System.nanoTime();
        boolean locked = locks.withWriteLock(() -> {
            long start = System.nanoTime();
            copy();
            locks.endSpareRead();
            int[] tail = checkpointTail();
            locks.beginReaderRead(); // at mark 0 if the tail completed: the app's next write restarts the WAL
            stats.checkpointed("FULL", clock.instant());
            log.debug("db={} checkpoint at {}: tail {} from frame {} under the write lock for {} us (waited {} us)",
                    path, shadowLog.position(), Arrays.toString(tail), backfilled, (System.nanoTime() - start) / 1000,
                    (start - asked) / 1000);
        });
        if (!locked) {
            locks.moveReadToReader(this::copy);
            log.debug("db={} checkpoint at {}: write lock busy, WAL restart deferred", path, shadowLog.position());
        }
    }

    /**
     * Catches up with the app: while the last checkpoint left more than {@link #TAIL_FRAMES} frames (committed after
     * the read mark it stopped at), hands the read transaction on to the newest commit and checkpoints again, at most
     * {@link #CATCH_UP_ROUNDS} times. While the app's own checkpoint holds the checkpoint lock, yields to it instead
     * (see {@link #yieldToApp}).
     */
    private Left catchUp(int[] last) throws IOException, SQLException {
        backfilled = Math.max(0, last[2]);
        long yieldUntil = 0;
        for (int round = 0; ; round++) {
            copy();
            boolean busy = last[2] < 0;
            if (busy && yieldUntil == 0) {
                yieldUntil = System.nanoTime() + settings.busyTimeout().toNanos();
            }
            if (busy) {
                if (System.nanoTime() - yieldUntil >= 0) {
                    return Left.APP_CHECKPOINTED;
                }
                yieldToApp();
            } else if (yieldUntil != 0) {
                return Left.APP_CHECKPOINTED;
            }
            long left = frames(shadowLog.current()) - backfilled;
            if (!busy && left <= 0) {
                return Left.NOTHING;
            }
            if (!busy && left <= TAIL_FRAMES) {
                return Left.SMALL_TAIL;
            }
            if (!busy && round >= CATCH_UP_ROUNDS) {
                return Left.LARGE_TAIL;
            }
            locks.moveReadToReader(this::copy);
            locks.moveReadToSpare(this::copy);
            last = locks.checkpoint("PASSIVE");
            backfilled = Math.max(backfilled, last[2]);
        }
    }

    /**
     * The app's own checkpoint runs: let it finish rather than pin the WAL under it. Our read mark must not hold back
     * its backfill, and its RESTART or TRUNCATE needs every read mark but mark 0 free, which a read transaction begun
     * once the WAL is fully backfilled takes (T5). So the read transaction is handed on every millisecond, each time
     * copying first, until the checkpoint lock is free, for at most busy-timeout.
     */
    private void yieldToApp() throws IOException, SQLException {
        locks.moveReadToReader(this::copy);
        LockSupport.parkNanos(APP_CHECKPOINT_POLL.toNanos());
    }

    private void logWithoutLock(Left left) {
        if (left == Left.APP_CHECKPOINTED) {
            log.debug("db={} checkpoint at {}: the app's own checkpoint ran, ours yielded to it", path,
                    shadowLog.position());
        } else if (left == Left.NOTHING) {
            log.debug("db={} checkpoint at {}: all {} frames backfilled without the write lock; the app's next commit"
                    + " restarts the WAL", path, shadowLog.position(), backfilled);
        } else {
            log.debug("db={} checkpoint at {}: {} frames backfilled without the write lock, the rest next time", path,
                    shadowLog.position(), backfilled);
        }
    }

    private void copy() throws IOException, SQLException {
        shadowLog.copy(false);
    }

    /**
     * Checkpoints the tail while the write lock is held. The app's own auto-checkpoint may hold the checkpoint lock
     * right now (busy, with -1 frames); one that has little to do ends within microseconds, so this retries briefly,
     * then gives up: the next checkpoint restarts the WAL instead.
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
