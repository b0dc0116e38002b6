package dev.replicator.wiring;

import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.s3.S3ReplicaClient;

/** Builds the backend a replica's configuration names. */
final class ReplicaClients {

    private ReplicaClients() {
    }

    static ReplicaClient create(ReplicaConfig config) {
        return switch (config.type()) {
            case FILE -> new FileReplicaClient(config.path().orElseThrow());
            case S3 -> new S3ReplicaClient(config.s3().orElseThrow());
        };
    }

}
