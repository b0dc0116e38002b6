package dev.replicator.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An S3 access key pair, or none (then the AWS SDK's default chain finds one). */
record Credentials(Optional<String> accessKeyId, Optional<String> secretAccessKey) {

    static final Credentials NONE = new Credentials(Optional.empty(), Optional.empty());

    Credentials or(Credentials fallback) {
        return accessKeyId.isPresent() ? this : fallback;
    }

    /** The pair in {@code access-key-id} / {@code secret-access-key} of a mapping; both or neither. */
    static Credentials of(Place at, String accessKeyId, String secretAccessKey) {
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            String missing = accessKeyId != null ? "secret-access-key" : "access-key-id";
            String given = accessKeyId != null ? "access-key-id" : "secret-access-key";
            throw at.fail(given, at.keyPath(given) + " is set but " + at.keyPath(missing)
                    + " is not; set both, or neither to use the AWS default credential chain");
        }
        return new Credentials(Optional.ofNullable(accessKeyId), Optional.ofNullable(secretAccessKey));
    }

    /** AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else Litestream's LITESTREAM_ACCESS_KEY_ID/..., else none. */
    static Credentials fromEnv(Map<String, String> env) {
        for (String prefix : List.of("AWS_", "LITESTREAM_")) {
            String id = env.getOrDefault(prefix + "ACCESS_KEY_ID", "");
            String secret = env.getOrDefault(prefix + "SECRET_ACCESS_KEY", "");
            if (!id.isEmpty() && !secret.isEmpty()) {
                return new Credentials(Optional.of(id), Optional.of(secret));
            }
        }
        return NONE;
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId.orElse("(none)") + ", secretAccessKey="
                + secretAccessKey.map(s -> "****").orElse("(none)") + "]";
    }
}
