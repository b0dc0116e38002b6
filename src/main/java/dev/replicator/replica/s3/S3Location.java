package dev.replicator.replica.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an S3 replica lives and how to reach it. {@code prefix} is the path inside the bucket, without leading or
 * trailing slashes ("" for the bucket root). Both keys set: static credentials; neither: the AWS default chain.
 */
public record S3Location(String bucket, String prefix, Optional<String> endpoint, Optional<String> region,
                         boolean forcePathStyle, Optional<String> accessKeyId, Optional<String> secretAccessKey) {

    /** Region used when an endpoint is set without one; S3-compatible stores mostly ignore it. */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.isBlank() || bucket.contains("/")) {
            throw new IllegalArgumentException("invalid S3 bucket name '" + bucket + "': set 'bucket' to a bucket name");
        }
        prefix = trimSlashes(prefix == null ? "" : prefix);
        endpoint = nonBlank(endpoint).map(S3Location::trimTrailingSlash);
        endpoint.ifPresent(S3Location::requireHttpUrl);
        region = nonBlank(region);
        accessKeyId = nonBlank(accessKeyId);
        secretAccessKey = nonBlank(secretAccessKey);
        if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
            throw new IllegalArgumentException(url(bucket, prefix) + ": only one of access-key-id and secret-access-key"
                    + " is set: set both, or neither to use the AWS default credentials");
        }
    }

    /** A location on AWS itself, with credentials and region from the AWS default chains. */
    public static S3Location of(String bucket, String prefix) {
        return new S3Location(bucket, prefix, Optional.empty(), Optional.empty(), false, Optional.empty(),
                Optional.empty());
    }

    /** {@code s3://bucket/prefix}, or {@code s3://bucket} at the bucket root. */
    public String url() {
        return url(bucket, prefix);
    }

    /** The full object key of a key relative to the replica root. */
    public String key(String relative) {
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    @Override
    public String toString() {
        return "S3Location[bucket=" + bucket + ", prefix=" + prefix + ", endpoint=" + endpoint.orElse("(aws)")
                + ", region=" + region.orElse("(default)") + ", forcePathStyle=" + forcePathStyle
                + ", accessKeyId=" + accessKeyId.orElse("(default chain)")
                + ", secretAccessKey=" + (secretAccessKey.isPresent() ? "(hidden)" : "(default chain)") + "]";
    }

    private static String url(String bucket, String prefix) {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value == null ? Optional.empty() : value.map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String trimSlashes(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '/') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '/') {
            end--;
        }
        return s.substring(start, end);
    }

    private static void requireHttpUrl(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("invalid S3 endpoint '" + endpoint
                    + "': set 'endpoint' to a URL such as http://127.0.0.1:9000 or https://s3.example.com");
        }
    }

    private static String trimTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
