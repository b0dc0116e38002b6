package dev.replicator.replica;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** What one replica has done, for metrics and health: counters, times, and since when it has been behind. */
public final class ReplicaStats {

    private final AtomicLong walBytes = new AtomicLong();
    private final AtomicLong walSegments = new AtomicLong();
    private final AtomicLong uploadedBytes = new AtomicLong();
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<Instant> lastSync = new AtomicReference<>();
    private final AtomicReference<Instant> lastSnapshot = new AtomicReference<>();
    private final AtomicReference<Instant> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> lastUpload = new AtomicReference<>();
    private volatile String lastErrorMessage;
    private final AtomicReference<Instant> behindSince = new AtomicReference<>();
    private final AtomicReference<Instant> lastVerify = new AtomicReference<>();
    private volatile boolean lastVerifyOk;

    ReplicaStats(Instant created) {
        behindSince.set(created);
    }

    /** A snapshot was acknowledged by the storage. */
    void snapshot(long compressedBytes, Instant at) {
        snapshots.incrementAndGet();
        uploadedBytes.addAndGet(compressedBytes);
        lastSnapshot.set(at);
        lastUpload.set(at);
    }

    /** A WAL segment of {@code bytes} WAL bytes was acknowledged by the storage. */
    void segment(long bytes, long compressedBytes, Instant at) {
        lastUpload.set(at);
        walSegments.incrementAndGet();
        walBytes.addAndGet(bytes);
        uploadedBytes.addAndGet(compressedBytes);
    }

    /** The database copied something this replica does not hold yet. */
    void behind(Instant at) {
        behindSince.compareAndSet(null, at);
    }

    /**
     * A sync pass ended without error. The second look at {@code caughtUp} catches a database sync that moved the
     * position between the first look and the reset, whose {@link #behind} call may already have been ignored.
     */
    void synced(Instant at, BooleanSupplier caughtUp) {
        lastSync.set(at);
        if (caughtUp.getAsBoolean()) {
            behindSince.set(null);
            if (!caughtUp.getAsBoolean()) {
                behind(at);
            }
        }
    }

    void failed(Instant at, Exception e) {
        errors.incrementAndGet();
        lastErrorMessage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        lastError.set(at);
    }

    /** A restore drill of this replica ended, passed or not. */
    public void verified(Instant at, boolean ok) {
        lastVerifyOk = ok;
        lastVerify.set(at);
    }

    public Optional<Instant> lastVerify() {
        return Optional.ofNullable(lastVerify.get());
    }

    /** Whether the last restore drill passed; empty before the first. */
    public Optional<Boolean> lastVerifyOk() {
        return lastVerify.get() == null ? Optional.empty() : Optional.of(lastVerifyOk);
    }

    public long walBytes() {
        return walBytes.get();
    }

    public long walSegments() {
        return walSegments.get();
    }

    public long uploadedBytes() {
        return uploadedBytes.get();
    }

    public long snapshots() {
        return snapshots.get();
    }

    public long errors() {
        return errors.get();
    }

    public Optional<Instant> lastSync() {
        return Optional.ofNullable(lastSync.get());
    }

    public Optional<Instant> lastSnapshot() {
        return Optional.ofNullable(lastSnapshot.get());
    }

    public Optional<Instant> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    public Optional<String> lastErrorMessage() {
        return Optional.ofNullable(lastErrorMessage);
    }

    /** The last time the storage acknowledged a WAL segment. */
    public Optional<Instant> lastUpload() {
        return Optional.ofNullable(lastUpload.get());
    }

    /** The last time the storage acknowledged anything, or a sync pass ended without error. */
    public Optional<Instant> lastProgress() {
        Instant sync = lastSync.get();
        Instant upload = lastUpload.get();
        if (sync == null || upload == null) {
            return Optional.ofNullable(sync != null ? sync : upload);
        }
        return Optional.of(sync.isAfter(upload) ? sync : upload);
    }

    /** Since when the replica has lacked something the database copied; empty while it holds everything. */
    public Optional<Instant> behindSince() {
        return Optional.ofNullable(behindSince.get());
    }
}
