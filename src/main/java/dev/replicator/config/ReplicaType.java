package dev.replicator.config;

import java.util.Arrays;
import java.util.Optional;

public enum ReplicaType {
    FILE("file"),
    S3("s3");

    private final String id;

    ReplicaType(String id) {
        this.id = id;
    }

    /** The name in config files and URLs, also a replica's default name. */
    public String id() {
        return id;
    }

    public static Optional<ReplicaType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
