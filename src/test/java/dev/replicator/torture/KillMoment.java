package dev.replicator.torture;

import java.util.Random;

/** When a crash-harness trial SIGKILLs the replicator. */
enum KillMoment {
    /** A random 0-150 ms after go: opening the database, recovering, the first sync and upload. */
    STARTUP(15),
    /** A random 150-900 ms after go: anywhere in steady-state syncing, uploading and checkpointing. */
    RUNNING(28),
    /** While a WAL segment upload is parked before it reaches the storage (nothing stored). */
    UPLOAD_NOT_STORED(12),
    /** While a WAL segment upload is parked after the storage stored it (stored, not acknowledged). */
    UPLOAD_STORED_UNACKNOWLEDGED(12),
    /** While the snapshot of a new generation (forced by an app TRUNCATE checkpoint) is being uploaded. */
    SNAPSHOT_UPLOAD(10),
    /** Within 3 ms of the replicator logging a checkpoint. */
    AFTER_CHECKPOINT(13),
    /**
     * Once the WAL is past the checkpoint threshold, while the app holds the write lock: the checkpoint the replicator
     * then starts copies and checkpoints without the lock, and its hand-over waits for it.
     */
    CHECKPOINT_WAITING_FOR_WRITE_LOCK(10);

    private final int weight;

    KillMoment(int weight) {
        this.weight = weight;
    }

    static KillMoment pick(Random random) {
        int total = 0;
        for (KillMoment m : values()) {
            total += m.weight;
        }
        int r = random.nextInt(total);
        for (KillMoment m : values()) {
            r -= m.weight;
            if (r < 0) {
                return m;
            }
        }
        throw new AssertionError();
    }
}
