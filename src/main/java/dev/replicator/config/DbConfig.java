package dev.replicator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One database to replicate.
 *
 * @param path absolute path of the SQLite file
 * @param minCheckpointPageCount WAL size in pages that triggers a PASSIVE checkpoint
 * @param maxCheckpointPageCount WAL size in pages that triggers a forced (RESTART) checkpoint
 * @param restoreIfDbMissing whether {@code replicate} restores the file from its replicas when it does not exist
 */
public record DbConfig(
        Path path,
        List<ReplicaConfig> replicas,
        Duration monitorInterval,
        Duration checkpointInterval,
        int minCheckpointPageCount,
        int maxCheckpointPageCount,
        Duration busyTimeout,
        boolean restoreIfDbMissing) {

    public static final Duration DEFAULT_MONITOR_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_MIN_CHECKPOINT_PAGE_COUNT = 1000;
    public static final int DEFAULT_MAX_CHECKPOINT_PAGE_COUNT = 10_000;
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(1);

    public DbConfig {
        Objects.requireNonNull(path, "path");
        replicas = List.copyOf(replicas);
        Objects.requireNonNull(monitorInterval, "monitorInterval");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
    }

    public static DbConfig of(Path path, List<ReplicaConfig> replicas) {
        return new DbConfig(path, replicas, DEFAULT_MONITOR_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL,
                DEFAULT_MIN_CHECKPOINT_PAGE_COUNT, DEFAULT_MAX_CHECKPOINT_PAGE_COUNT, DEFAULT_BUSY_TIMEOUT, false);
    }
}
