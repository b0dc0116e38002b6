package dev.replicator.torture;

import dev.replicator.testing.S3ProxyServer;

import java.net.URI;
import java.nio.file.Path;

/** replicate configs for the torture tests: short intervals and small checkpoint thresholds, debug logs. */
final class TortureConfig {

    static final int MIN_CHECKPOINT_PAGES = 96;

    private TortureConfig() {
    }

    /** One database replicated to {@code s3://bucket/prefix} through {@code endpoint}. */
    static String yaml(Path db, URI endpoint, S3ProxyServer s3, String bucket, String prefix) {
        return "logging:\n"
                + "  level: debug\n"
                + "dbs:\n"
                + "  - path: " + db + "\n"
                + "    monitor-interval: 50ms\n"
                + "    checkpoint-interval: 1s\n"
                + "    min-checkpoint-page-count: " + MIN_CHECKPOINT_PAGES + "\n"
                + "    max-checkpoint-page-count: 2000\n"
                + "    busy-timeout: 1s\n"
                + "    replicas:\n"
                + "      - type: s3\n"
                + "        bucket: " + bucket + "\n"
                + "        path: " + prefix + "\n"
                + "        endpoint: " + endpoint + "\n"
                + "        region: " + s3.region() + "\n"
                + "        force-path-style: true\n"
                + "        access-key-id: " + s3.accessKey() + "\n"
                + "        secret-access-key: " + s3.secretKey() + "\n"
                + "        sync-interval: 100ms\n";
    }
}
