package dev.replicator.db;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** What one database's sync passes have done, for metrics and health. */
public final class DatabaseStats {

    private final AtomicLong walBytes = new AtomicLong();
    private final AtomicLong passiveCheckpoints = new AtomicLong();
    private final AtomicLong fullCheckpoints = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong writeLockNanos = new AtomicLong();
    private final AtomicReference<Instant> lastSync = new AtomicReference<>();
    private final AtomicReference<Instant> lastCheckpoint = new AtomicReference<>();
    private final AtomicReference<Instant> lastError = new AtomicReference<>();
    private volatile String lastErrorMessage;

    void copied(long bytes) {
        walBytes.addAndGet(bytes);
    }

    void synced(Instant at) {
        lastSync.set(at);
    }

    void failed(Instant at, Exception e) {
        errors.incrementAndGet();
        lastErrorMessage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        lastError.set(at);
    }

    void checkpointed(String mode, Instant at) {
        ("PASSIVE".equals(mode) ? passiveCheckpoints : fullCheckpoints).incrementAndGet();
        lastCheckpoint.set(at);
    }

    /** Time one of our connections held SQLite's write lock (a write transaction, or a FULL checkpoint). */
    void heldWriteLock(long nanos) {
        writeLockNanos.addAndGet(nanos);
    }

    /** Seconds our connections held SQLite's write lock, in which the app's writers wait or get SQLITE_BUSY. */
    public double writeLockSeconds() {
        return writeLockNanos.get() / 1e9;
    }

    /** WAL bytes copied into the shadow WAL. */
    public long walBytes() {
        return walBytes.get();
    }

    public long passiveCheckpoints() {
        return passiveCheckpoints.get();
    }

    /** Checkpoints that waited for readers (FULL), taken when the WAL passed max-checkpoint-page-count. */
    public long fullCheckpoints() {
        return fullCheckpoints.get();
    }

    public long errors() {
        return errors.get();
    }

    public Optional<Instant> lastSync() {
        return Optional.ofNullable(lastSync.get());
    }

    public Optional<Instant> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    public Optional<String> lastErrorMessage() {
        return Optional.ofNullable(lastErrorMessage);
    }

    public Optional<Instant> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint.get());
    }
}
