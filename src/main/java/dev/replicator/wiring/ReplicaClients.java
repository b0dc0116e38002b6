package dev.replicator.wiring;

import dev.replicator.config.ReplicaConfig;
import dev.replicator.config.S3Settings;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.s3.S3Location;
import dev.replicator.replica.s3.S3ReplicaClient;

/** Builds the backend a replica's configuration names. */
final class ReplicaClients {

    private ReplicaClients() {
    }

    static ReplicaClient create(ReplicaConfig config) {
        return switch (config.type()) {
            case FILE -> new FileReplicaClient(config.path().orElseThrow());
            case S3 -> new S3ReplicaClient(location(config.s3().orElseThrow()));
        };
    }

    static S3Location location(S3Settings s) {
        return new S3Location(s.bucket(), s.path(), s.endpoint(), s.region(), s.forcePathStyle(), s.accessKeyId(),
                s.secretAccessKey());
    }
}
