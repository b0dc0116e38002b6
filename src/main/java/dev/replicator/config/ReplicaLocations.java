package dev.replicator.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers which replica writes where. Two replicas (of one database or of two) writing the same location
 * would corrupt it (Litestream #422), so the second one is a config error.
 */
final class ReplicaLocations {

    private final Map<String, String> owners = new HashMap<>();

    /** Records {@code owner} as the writer of the replica's location; returns the earlier owner if any. */
    Optional<String> claim(ReplicaConfig replica, String owner) {
        return Optional.ofNullable(owners.putIfAbsent(key(replica), owner));
    }

    private static String key(ReplicaConfig replica) {
        return switch (replica.type()) {
            case FILE -> "file " + replica.path().orElseThrow();
            case S3 -> {
                S3Settings s3 = replica.s3().orElseThrow();
                yield "s3 " + s3.endpoint().orElse("") + " " + s3.bucket() + "/" + s3.prefix();
            }
        };
    }
}
