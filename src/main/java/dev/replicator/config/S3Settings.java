package dev.replicator.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where and how to reach an S3-compatible bucket. Empty credentials mean the AWS SDK's default chain
 * (environment, profile, instance role). {@link #toString()} never shows the secret.
 *
 * @param path key prefix of the replica root, without leading or trailing slash; may be ""
 * @param endpoint a full URL with scheme, like {@code http://localhost:9000}; empty for AWS itself
 * @param region empty to let the SDK decide
 */
public record S3Settings(
        String bucket,
        String path,
        Optional<String> endpoint,
        Optional<String> region,
        boolean forcePathStyle,
        boolean skipVerify,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey) {

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("bucket is empty");
        }
        if (path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("path must not start or end with '/': " + path);
        }
    }

    /** {@code s3://bucket/path}, plus {@code ?endpoint=...} when one is set; no credentials. */
    public String describe() {
        String url = "s3://" + bucket + (path.isEmpty() ? "" : "/" + path);
        return endpoint.map(e -> url + "?endpoint=" + e).orElse(url);
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket
                + ", path=" + path
                + ", endpoint=" + endpoint.orElse("(default)")
                + ", region=" + region.orElse("(default)")
                + ", forcePathStyle=" + forcePathStyle
                + ", skipVerify=" + skipVerify
                + ", accessKeyId=" + accessKeyId.orElse("(default chain)")
                + ", secretAccessKey=" + secretAccessKey.map(s -> "****").orElse("(default chain)")
                + "]";
    }
}
