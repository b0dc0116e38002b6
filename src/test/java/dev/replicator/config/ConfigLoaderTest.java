package dev.replicator.config;

import dev.replicator.testing.AgeKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static final AgeKeyPair AGE = AgeKeyPair.generate();

    private static final String FULL = """
            addr: ":9090"
            exec: node server.js
            logging:
              level: debug
              format: json
            access-key-id: GLOBALKEY
            secret-access-key: globalsecret
            heartbeat-url: https://hc-ping.com/abc
            heartbeat-interval: 2m
            health-window: 5m
            dbs:
              - path: /var/lib/app/app.db
                restore-if-db-missing: true
                monitor-interval: 2s
                checkpoint-interval: 30s
                min-checkpoint-page-count: 500
                max-checkpoint-page-count: 5_000
                busy-timeout: 3s
                replicas:
                  - url: s3://my-bucket/backups/app?endpoint=http://localhost:9000
                    sync-interval: 500ms
                    snapshot-interval: 12h
                    retention: 72h
                    retention-check-interval: 30m
                    retention-keep: {last: 2, hourly: 24, daily: 7, weekly: 4, monthly: 12}
                    verify-interval: 12h
                    age:
                      recipients: [${AGE_RECIPIENT}]
                      identities: [${AGE_IDENTITY}]
                  - name: offsite
                    type: s3
                    bucket: ${BUCKET}
                    path: /nested//prefix/
                    region: eu-west-1
                    access-key-id: OWNKEY
                    secret-access-key: ownsecret
                    skip-verify: true
                  - path: /var/backups/app
              - path: ~/other.db
                replicas:
                  - url: file:///var/backups/other
            """;

    private static Config full() {
        return ConfigLoader.parse(FULL, "test.yml", Map.of("BUCKET", "second-bucket",
                "AGE_RECIPIENT", AGE.recipient(), "AGE_IDENTITY", AGE.identity()));
    }

    @Test
    void readsTopLevelKeys() {
        Config config = full();
        assertThat(config.addr().map(ListenAddress::text)).contains(":9090");
        assertThat(config.exec()).contains("node server.js");
        assertThat(config.logging()).isEqualTo(new LoggingConfig(LoggingConfig.Level.DEBUG, LoggingConfig.Format.JSON));
        assertThat(config.heartbeatUrl()).contains("https://hc-ping.com/abc");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.healthWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.dbs()).hasSize(2);
    }

    @Test
    void readsDatabaseSettings() {
        DbConfig db = full().dbs().get(0);
        assertThat(db.path()).isEqualTo(Path.of("/var/lib/app/app.db"));
        assertThat(db.monitorInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(db.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(db.minCheckpointPageCount()).isEqualTo(500);
        assertThat(db.maxCheckpointPageCount()).isEqualTo(5000);
        assertThat(db.busyTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(db.restoreIfDbMissing()).isTrue();
        assertThat(full().dbs().get(1).restoreIfDbMissing()).isFalse();
        assertThat(db.replicas()).extracting(ReplicaConfig::name).containsExactly("s3", "offsite", "file");
    }

    @Test
    void readsAnS3ReplicaFromItsUrl() {
        ReplicaConfig r = full().dbs().get(0).replicas().get(0);
        assertThat(r.type()).isEqualTo(ReplicaType.S3);
        assertThat(r.path()).isEmpty();
        assertThat(r.s3()).contains(new S3Settings("my-bucket", "backups/app", Optional.of("http://localhost:9000"),
                Optional.of("us-east-1"), true, false, Optional.of("GLOBALKEY"), Optional.of("globalsecret")));
        assertThat(r.syncInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(r.snapshotInterval()).contains(Duration.ofHours(12));
        assertThat(r.retention()).isEqualTo(Duration.ofHours(72));
        assertThat(r.retentionCheckInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.retentionKeep()).isEqualTo(new RetentionKeep(2, 24, 7, 4, 12));
        assertThat(r.verifyInterval()).contains(Duration.ofHours(12));
        assertThat(r.age()).isEqualTo(new AgeConfig(List.of(AGE.identity()), List.of(AGE.recipient())));
        assertThat(r.age().encrypts()).isTrue();
        assertThat(r.describe()).isEqualTo("s3://my-bucket/backups/app?endpoint=http://localhost:9000");
    }

    @Test
    void readsAnS3ReplicaFromKeysWithItsOwnCredentials() {
        ReplicaConfig r = full().dbs().get(0).replicas().get(1);
        assertThat(r.s3()).contains(new S3Settings("second-bucket", "nested/prefix", Optional.empty(),
                Optional.of("eu-west-1"), false, true, Optional.of("OWNKEY"), Optional.of("ownsecret")));
        assertThat(r.describe()).isEqualTo("s3://second-bucket/nested/prefix");
        assertThat(r.snapshotInterval()).isEmpty();
        assertThat(r.age()).isEqualTo(AgeConfig.NONE);
    }

    @Test
    void aReplicaWithOnlyAPathIsAFileReplica() {
        ReplicaConfig r = full().dbs().get(0).replicas().get(2);
        assertThat(r.type()).isEqualTo(ReplicaType.FILE);
        assertThat(r.path()).contains(Path.of("/var/backups/app"));
        assertThat(r.s3()).isEmpty();
        assertThat(r.describe()).isEqualTo("file:///var/backups/app");
    }

    @Test
    void expandsTildeInDatabasePaths() {
        DbConfig db = full().dbs().get(1);
        assertThat(db.path()).isEqualTo(Path.of(System.getProperty("user.home"), "other.db"));
        assertThat(db.replicas().get(0).path()).contains(Path.of("/var/backups/other"));
    }

    @Test
    void resolvesRelativePathsAgainstTheWorkingDirectory() {
        Config config = ConfigLoader.parse("dbs: [{path: data/app.db, replicas: [{path: ../backup}]}]", "t", Map.of());
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(config.dbs().get(0).path()).isEqualTo(cwd.resolve("data/app.db"));
        assertThat(config.dbs().get(0).replicas().get(0).path()).contains(cwd.getParent().resolve("backup"));
    }

    @Test
    void fillsInDefaults() {
        Config config = ConfigLoader.parse("""
                dbs:
                  - path: /db
                    replicas:
                      - url: s3://bucket
                """, "t", Map.of());
        assertThat(config.addr()).isEmpty();
        assertThat(config.exec()).isEmpty();
        assertThat(config.logging()).isEqualTo(LoggingConfig.DEFAULT);
        assertThat(config.heartbeatUrl()).isEmpty();
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.healthWindow()).isEqualTo(Duration.ofMinutes(1));
        DbConfig db = config.dbs().get(0);
        assertThat(db).isEqualTo(DbConfig.of(Path.of("/db"), db.replicas()));
        assertThat(db.monitorInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(db.checkpointInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(db.minCheckpointPageCount()).isEqualTo(1000);
        assertThat(db.maxCheckpointPageCount()).isEqualTo(10000);
        assertThat(db.busyTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(db.restoreIfDbMissing()).isFalse();
        ReplicaConfig r = db.replicas().get(0);
        assertThat(r).isEqualTo(ReplicaConfig.ofS3("s3", r.s3().orElseThrow()));
        assertThat(r.syncInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(r.snapshotInterval()).isEmpty();
        assertThat(r.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(r.retentionCheckInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(r.retentionKeep()).isEqualTo(RetentionKeep.NONE);
        assertThat(r.verifyInterval()).isEmpty();
        assertThat(r.s3()).contains(new S3Settings("bucket", "", Optional.empty(), Optional.empty(), false, false,
                Optional.empty(), Optional.empty()));
    }

    @Test
    void emptyConfigHasNoDatabases() {
        assertThat(ConfigLoader.parse("", "t", Map.of()).dbs()).isEmpty();
        assertThat(ConfigLoader.parse("# only a comment\n", "t", Map.of()).dbs()).isEmpty();
    }

    @Test
    void credentialsFallBackToTheEnvironment() {
        String yaml = "dbs: [{path: /db, replicas: [{url: s3://b/p}]}]";
        S3Settings aws = ConfigLoader.parse(yaml, "t", Map.of("AWS_ACCESS_KEY_ID", "A", "AWS_SECRET_ACCESS_KEY", "S",
                "LITESTREAM_ACCESS_KEY_ID", "L", "LITESTREAM_SECRET_ACCESS_KEY", "LS")).dbs().get(0).replicas().get(0)
                .s3().orElseThrow();
        assertThat(aws.accessKeyId()).contains("A");
        assertThat(aws.secretAccessKey()).contains("S");
        S3Settings litestream = ConfigLoader.parse(yaml, "t", Map.of("LITESTREAM_ACCESS_KEY_ID", "L",
                "LITESTREAM_SECRET_ACCESS_KEY", "LS")).dbs().get(0).replicas().get(0).s3().orElseThrow();
        assertThat(litestream.accessKeyId()).contains("L");
        assertThat(litestream.secretAccessKey()).contains("LS");
    }

    @Test
    void acceptsLitestreamSpellingOfLogFormat() {
        Config config = ConfigLoader.parse("logging: {level: WARNING, type: json}", "t", Map.of());
        assertThat(config.logging()).isEqualTo(new LoggingConfig(LoggingConfig.Level.WARN, LoggingConfig.Format.JSON));
    }

    @Test
    void emptyValuesFromUnsetVariablesMeanDefault() {
        Config config = ConfigLoader.parse("""
                dbs:
                  - path: /db
                    replicas:
                      - url: s3://bucket/p
                        endpoint: ${S3_ENDPOINT:-}
                        region: "${S3_REGION:-}"
                """, "t", Map.of());
        S3Settings s3 = config.dbs().get(0).replicas().get(0).s3().orElseThrow();
        assertThat(s3.endpoint()).isEmpty();
        assertThat(s3.region()).isEmpty();
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("replicator.yml");
        Files.writeString(file, "\uFEFFdbs:\n  - path: /db\n    replicas:\n      - path: /backup\n");
        assertThat(ConfigLoader.load(file, Map.of()).dbs()).hasSize(1);
    }

    @Test
    void errorsFromAFileNameIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("replicator.yml");
        Files.writeString(file, "dbs:\n  - path: /db\n    replicas: []\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + " line 3: dbs[0]: no replicas");
    }

    @Test
    void missingFileSaysHowToPointAtOne(@TempDir Path dir) {
        Path file = dir.resolve("nope.yml");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + file + " not found: pass -config FILE or set REPLICATOR_CONFIG");
    }

    @Test
    void directoryIsNotAConfigFile(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
                .hasMessage("config file " + dir + " is a directory: pass -config FILE with the YAML file itself");
    }

    @Test
    void defaultPathComesFromTheEnvironment() {
        assertThat(ConfigLoader.defaultPath(Map.of())).isEqualTo(Path.of("/etc/replicator.yml"));
        assertThat(ConfigLoader.defaultPath(Map.of("REPLICATOR_CONFIG", "/opt/r.yml"))).isEqualTo(Path.of("/opt/r.yml"));
        assertThat(ConfigLoader.defaultPath(Map.of("REPLICATOR_CONFIG", ""))).isEqualTo(Path.of("/etc/replicator.yml"));
    }

    @Test
    void fromArgsBuildsOneDatabaseWithDefaults() {
        Config config = ConfigLoader.fromArgs(Path.of("/data/app.db"),
                List.of("s3://bucket/app", "/backups/app", "s3://other/app"), Map.of("AWS_ACCESS_KEY_ID", "A",
                        "AWS_SECRET_ACCESS_KEY", "S"));
        assertThat(config.dbs()).hasSize(1);
        DbConfig db = config.dbs().get(0);
        assertThat(db.path()).isEqualTo(Path.of("/data/app.db"));
        assertThat(db.monitorInterval()).isEqualTo(DbConfig.DEFAULT_MONITOR_INTERVAL);
        assertThat(db.replicas()).extracting(ReplicaConfig::name).containsExactly("s3", "file", "s3-2");
        assertThat(db.replicas()).extracting(ReplicaConfig::describe)
                .containsExactly("s3://bucket/app", "file:///backups/app", "s3://other/app");
        assertThat(db.replicas().get(0).s3().orElseThrow().accessKeyId()).contains("A");
        assertThat(config.logging()).isEqualTo(LoggingConfig.DEFAULT);
    }

    @Test
    void fromArgsNeedsAReplica() {
        assertThatThrownBy(() -> ConfigLoader.fromArgs(Path.of("/db"), List.of(), Map.of()))
                .hasMessageStartingWith("command line: no replica URL after the database path");
    }

    @Test
    void fromArgsRefusesTheSameLocationTwice() {
        assertThatThrownBy(() -> ConfigLoader.fromArgs(Path.of("/db"), List.of("s3://b/x", "s3://b/x/"), Map.of()))
                .hasMessage("command line: replica URLs s3://b/x and s3://b/x/ name the same location; give each "
                        + "replica its own path");
    }

    @Test
    void replicaFromUrlLeavesCredentialsToTheSdkWhenNoneAreSet() {
        ReplicaConfig r = ConfigLoader.replicaFromUrl("s3://bucket/db", Map.of());
        assertThat(r.name()).isEqualTo("s3");
        assertThat(r.s3().orElseThrow().accessKeyId()).isEmpty();
        assertThat(r.s3().orElseThrow().secretAccessKey()).isEmpty();
        assertThat(r.retention()).isEqualTo(ReplicaConfig.DEFAULT_RETENTION);
    }

    @Test
    void replicaFromUrlErrorsNameTheCommandLine() {
        assertThatThrownBy(() -> ConfigLoader.replicaFromUrl("backups/db", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("command line: url: 'backups/db' is not a replica URL; write s3://BUCKET/PATH, "
                        + "sftp://USER@HOST[:PORT]/PATH, abs://[ACCOUNT@]CONTAINER/PATH, file:///DIR or an absolute path");
    }
}
