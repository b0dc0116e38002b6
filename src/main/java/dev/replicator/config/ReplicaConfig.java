package dev.replicator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One destination of one database.
 *
 * @param path the directory of a {@link ReplicaType#FILE} replica (absolute), empty for S3
 * @param s3 the bucket settings of an {@link ReplicaType#S3} replica, empty for other types
 * @param sftp the server settings of an {@link ReplicaType#SFTP} replica, empty for other types
 * @param abs the container settings of an {@link ReplicaType#ABS} replica, empty for other types
 * @param snapshotInterval how often to take a new snapshot; empty means only when a generation starts
 * @param retentionKeep snapshots kept beyond {@code retention} (GFS), without the WAL between them
 * @param verifyInterval how often {@code replicate} restores the latest point and compares it with the database
 *     ({@code verify-interval}, or Litestream's {@code validation-interval})
 */
public record ReplicaConfig(
        String name,
        ReplicaType type,
        Optional<Path> path,
        Optional<S3Settings> s3,
        Optional<SftpSettings> sftp,
        Optional<AbsSettings> abs,
        Duration syncInterval,
        Optional<Duration> snapshotInterval,
        Duration retention,
        Duration retentionCheckInterval,
        AgeConfig age,
        RetentionKeep retentionKeep,
        Optional<Duration> verifyInterval) {

    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final Duration DEFAULT_RETENTION_CHECK_INTERVAL = Duration.ofHours(1);

    public ReplicaConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(snapshotInterval, "snapshotInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(retentionCheckInterval, "retentionCheckInterval");
        Objects.requireNonNull(age, "age");
        Objects.requireNonNull(retentionKeep, "retentionKeep");
        Objects.requireNonNull(verifyInterval, "verifyInterval");
        Objects.requireNonNull(sftp, "sftp");
        Objects.requireNonNull(abs, "abs");
        if (path.isPresent() != (type == ReplicaType.FILE) || s3.isPresent() != (type == ReplicaType.S3)
                || sftp.isPresent() != (type == ReplicaType.SFTP) || abs.isPresent() != (type == ReplicaType.ABS)) {
            throw new IllegalArgumentException("a " + type.id() + " replica needs its own settings and no others");
        }
    }

    public static ReplicaConfig ofS3(String name, S3Settings s3) {
        return new ReplicaConfig(name, ReplicaType.S3, Optional.empty(), Optional.of(s3), Optional.empty(),
                Optional.empty(), DEFAULT_SYNC_INTERVAL,
                Optional.empty(), DEFAULT_RETENTION, DEFAULT_RETENTION_CHECK_INTERVAL, AgeConfig.NONE, RetentionKeep.NONE,
                Optional.empty());
    }

    public ReplicaConfig withName(String newName) {
        return new ReplicaConfig(newName, type, path, s3, sftp, abs, syncInterval, snapshotInterval, retention,
                retentionCheckInterval, age, retentionKeep, verifyInterval);
    }

    public ReplicaConfig withAge(AgeConfig keys) {
        return new ReplicaConfig(name, type, path, s3, sftp, abs, syncInterval, snapshotInterval, retention,
                retentionCheckInterval, keys, retentionKeep, verifyInterval);
    }

    /** Where the replica lives, safe to log: {@code s3://bucket/path}, {@code sftp://user@host/path}, {@code abs://account@container/path} or {@code file:///dir}. */
    public String describe() {
        return switch (type) {
            case FILE -> "file://" + path.orElseThrow();
            case S3 -> s3.orElseThrow().describe();
            case SFTP -> sftp.orElseThrow().describe();
            case ABS -> abs.orElseThrow().describe();
        };
    }
}
