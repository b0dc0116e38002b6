package dev.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.testing.AgeKeyPair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A litestream.yml loads as is. The reference is Litestream v0.3.13's config structs (cmd/litestream/main.go: Config,
 * LoggingConfig, DBConfig, ReplicaConfig): this file sets every one of their keys that applies to s3 and file
 * replicas; the abs and sftp keys belong to replica types replicator does not have.
 */
class LitestreamConfigTest {

    private static final AgeKeyPair AGE = AgeKeyPair.generate();

    private static final String LITESTREAM_YML = """
            addr: ":9090"
            exec: node server.js
            access-key-id: ${LITESTREAM_ACCESS_KEY_ID}
            secret-access-key: ${LITESTREAM_SECRET_ACCESS_KEY}
            logging:
              level: debug
              type: json
              stderr: true
            dbs:
              - path: /var/lib/app/app.db
                meta-path: /var/lib/app/.app.db-litestream
                monitor-interval: 2s
                checkpoint-interval: 30s
                min-checkpoint-page-count: 500
                max-checkpoint-page-count: 5000
                replicas:
                  - type: s3
                    name: primary
                    bucket: my-bucket
                    path: backups/app
                    endpoint: http://localhost:9000
                    region: us-east-1
                    force-path-style: true
                    skip-verify: false
                    access-key-id: OWNKEY
                    secret-access-key: ownsecret
                    retention: 72h
                    retention-check-interval: 30m
                    sync-interval: 500ms
                    snapshot-interval: 12h
                    validation-interval: 6h
                    age:
                      identities: [%s]
                      recipients: [%s]
                  - url: s3://other-bucket/app
                  - type: file
                    name: local
                    path: /var/backups/app
              - path: /var/lib/app/other.db
                replicas:
                  - url: file:///var/backups/other
            """.formatted(AGE.identity(), AGE.recipient());

    @Test
    void loadsEveryLitestreamKeyForS3AndFileReplicas() {
        Config config = ConfigLoader.parse(LITESTREAM_YML, "litestream.yml", Map.of(
                "LITESTREAM_ACCESS_KEY_ID", "GLOBALKEY", "LITESTREAM_SECRET_ACCESS_KEY", "globalsecret"));
        assertThat(config.addr().map(ListenAddress::text)).contains(":9090");
        assertThat(config.exec()).contains("node server.js");
        assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.JSON);
        DbConfig db = config.dbs().get(0);
        assertThat(db.path()).isEqualTo(Path.of("/var/lib/app/app.db"));
        assertThat(db.monitorInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(db.minCheckpointPageCount()).isEqualTo(500);
        assertThat(db.replicas()).extracting(ReplicaConfig::name).containsExactly("primary", "s3", "local");
        ReplicaConfig primary = db.replicas().get(0);
        assertThat(primary.s3().orElseThrow().bucket()).isEqualTo("my-bucket");
        assertThat(primary.syncInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(primary.verifyInterval()).contains(Duration.ofHours(6)); // validation-interval is its alias
        assertThat(db.replicas().get(1).s3().orElseThrow().accessKeyId()).contains("GLOBALKEY");
        assertThat(config.dbs().get(1).replicas().get(0).path()).contains(Path.of("/var/backups/other"));
    }

    @Test
    void litestreamReplicaTypesReplicatorLacksAreRefusedByName() {
        String yml = """
                dbs:
                  - path: /var/lib/app/app.db
                    replicas:
                      - type: abs
                        account-name: acct
                        bucket: container
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(yml, "litestream.yml", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("abs");
    }
}
