package dev.replicator.config;

import java.util.Arrays;
import java.util.Optional;

public enum ReplicaType {
    FILE("file"),
    S3("s3"),
    SFTP("sftp"),
    ABS("abs");

    /** What an unsupported type should become; GCS serves the S3 API with HMAC keys. */
    public static final String GCS_ALTERNATIVE = "type 'gcs' is not supported; Google Cloud Storage serves the S3 API: "
            + "use type: s3 with endpoint: https://storage.googleapis.com and an HMAC key (Cloud Storage > Settings > "
            + "Interoperability) as access-key-id and secret-access-key";
    static final String KNOWN = "use s3, file, sftp or abs";

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
