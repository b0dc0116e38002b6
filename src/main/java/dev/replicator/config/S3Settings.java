package dev.replicator.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an S3 replica lives and how to reach it. Empty credentials mean the AWS SDK's default chain (environment,
 * profile, instance role). {@link #toString()} never shows the secret.
 *
 * @param prefix the key prefix of the replica root, without leading or trailing slashes ("" for the bucket root)
 * @param endpoint a full URL with scheme, like {@code http://localhost:9000}; empty for AWS itself
 * @param region empty to let the SDK decide
 */
public record S3Settings(
        String bucket,
        String prefix,
        Optional<String> endpoint,
        Optional<String> region,
        boolean forcePathStyle,
        boolean skipVerify,
        Optional<String> accessKeyId,
        Optional<String> secretAccessKey) {

    /** Region used when an endpoint is set without one; S3-compatible stores mostly ignore it. */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket
                    + "': set 'bucket' to a bucket name");
        }
        prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
        endpoint = nonBlank(endpoint).map(e -> e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        if (endpoint.isPresent() && !ReplicaUrl.isHttpUrl(endpoint.get())) {
            throw new IllegalArgumentException("invalid S3 endpoint '" + endpoint.get()
                    + "': set 'endpoint' to a URL such as http://127.0.0.1:9000 or https://s3.example.com");
        }
        region = nonBlank(region);
        accessKeyId = nonBlank(accessKeyId);
        secretAccessKey = nonBlank(secretAccessKey);
    }

    /** A location on AWS itself, with credentials and region from the AWS default chains. */
    public static S3Settings of(String bucket, String prefix) {
        return new S3Settings(bucket, prefix, Optional.empty(), Optional.empty(), false, false, Optional.empty(),
                Optional.empty());
    }

    /** {@code s3://bucket/prefix}, or {@code s3://bucket} at the bucket root. */
    public String url() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    /** {@link #url()}, plus {@code ?endpoint=...} when one is set; no credentials. */
    public String describe() {
        return endpoint.map(e -> url() + "?endpoint=" + e).orElse(url());
    }

    /** The full object key of a key relative to the replica root. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /** The same bucket and settings, rooted {@code relativePath} ('/'-separated) further down. */
    public S3Settings under(String relativePath) {
        return new S3Settings(bucket, key(relativePath), endpoint, region, forcePathStyle, skipVerify, accessKeyId,
                secretAccessKey);
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket
                + ", prefix=" + prefix
                + ", endpoint=" + endpoint.orElse("(default)")
                + ", region=" + region.orElse("(default)")
                + ", forcePathStyle=" + forcePathStyle
                + ", skipVerify=" + skipVerify
                + ", accessKeyId=" + accessKeyId.orElse("(default chain)")
                + ", secretAccessKey=" + secretAccessKey.map(s -> "****").orElse("(default chain)")
                + "]";
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::strip).filter(s -> !s.isEmpty());
    }
}
