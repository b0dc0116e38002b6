package dev.replicator.replicate;

import dev.replicator.retention.RetentionPolicy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A replica's scheduled work besides uploading WAL.
 *
 * @param snapshotInterval a new snapshot this often, if the database changed; empty: only when a generation starts
 * @param verifyInterval   a restore drill this often; empty: never
 */
public record ReplicaSchedule(Optional<Duration> snapshotInterval, RetentionPolicy retention,
                              Duration retentionCheckInterval, Optional<Duration> verifyInterval) {

    /** Litestream's defaults: no scheduled snapshots, 24h retention checked every hour, no drills. */
    public static final ReplicaSchedule DEFAULT = new ReplicaSchedule(Optional.empty(),
            RetentionPolicy.of(Duration.ofHours(24)), Duration.ofHours(1), Optional.empty());

    public ReplicaSchedule {
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        Objects.requireNonNull(verifyInterval, "verifyInterval");
    }
}
