package dev.replicator.wiring;

import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.AccessProbe;
import dev.replicator.replica.abs.AbsAccessProbe;
import dev.replicator.replica.file.FileAccessProbe;
import dev.replicator.replica.s3.S3AccessProbe;
import dev.replicator.replica.s3.S3Tuning;
import dev.replicator.replica.sftp.SftpAccessProbe;

import java.time.Duration;

/** Builds the access probe for a replica's configuration. */
final class ReplicaProbes {

    /** One retry, so that a check of an unreachable endpoint answers within seconds. */
    private static final S3Tuning CHECK = new S3Tuning(2, Duration.ofSeconds(5), Duration.ofSeconds(30));

    private ReplicaProbes() {
    }

    static AccessProbe create(ReplicaConfig config) {
        SkipVerifyWarning.ifSkipped(config);
        return switch (config.type()) {
            case FILE -> new FileAccessProbe(config.path().orElseThrow());
            case S3 -> new S3AccessProbe(config.s3().orElseThrow(), CHECK);
            case SFTP -> new SftpAccessProbe(config.sftp().orElseThrow());
            case ABS -> new AbsAccessProbe(config.abs().orElseThrow());
        };
    }
}
