package dev.replicator.replica.s3;

import java.time.Duration;

/**
 * Network knobs of the S3 client. {@code maxAttempts} counts the first try; retries back off exponentially with
 * jitter and apply to 5xx, throttling and I/O errors only.
 */
public record S3Tuning(int maxAttempts, Duration connectTimeout, Duration socketTimeout) {

    public static final S3Tuning DEFAULTS = new S3Tuning(5, Duration.ofSeconds(5), Duration.ofSeconds(60));

    public S3Tuning {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }
}
