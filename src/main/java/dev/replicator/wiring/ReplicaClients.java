package dev.replicator.wiring;

import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.abs.AbsReplicaClient;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.replica.sftp.SftpReplicaClient;

import java.nio.file.Path;
import java.util.Optional;

/** Builds the backend a replica's configuration names. */
final class ReplicaClients {

    private ReplicaClients() {
    }

    /** A client to read a replica, or to write files of mode 0600 into it. */
    static ReplicaClient create(ReplicaConfig config) {
        return create(config, Optional.empty());
    }

    /** A client that ships {@code database}: a file replica's objects get the database's mode. */
    static ReplicaClient create(ReplicaConfig config, Optional<Path> database) {
        SkipVerifyWarning.ifSkipped(config);
        return switch (config.type()) {
            case FILE -> new FileReplicaClient(config.path().orElseThrow(), database);
            case S3 -> new S3ReplicaClient(config.s3().orElseThrow());
            case SFTP -> new SftpReplicaClient(config.sftp().orElseThrow());
            case ABS -> new AbsReplicaClient(config.abs().orElseThrow());
        };
    }

}
