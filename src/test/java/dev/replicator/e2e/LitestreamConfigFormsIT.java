package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configs in the forms real litestream.yml files use (bare $VAR, Litestream v0.5's replica: and top-level defaults,
 * merge keys, names with spaces, paths with ./) replicate to S3Proxy and restore; and a replica Litestream v0.3.13
 * wrote under a cleaned path is found and continued.
 */
class LitestreamConfigFormsIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;

    @Test
    void v05ShapesMergeKeysBareVariablesAndSpacedNamesReplicateAndRestore() throws Exception {
        Path one = dir.resolve("one.db");
        Path two = dir.resolve("two.db");
        String bucket = S3.createBucket();
        Path config = Files.writeString(dir.resolve("litestream.yml"), """
                x-s3: &s3
                  type: s3
                  bucket: $BUCKET
                  endpoint: $S3_ENDPOINT
                  force-path-style: true
                  access-key-id: ${S3_KEY}
                  secret-access-key: $S3_SECRET
                sync-interval: 1s
                levels:
                  - interval: 5m
                dbs:
                  - path: %s
                    replica:
                      <<: *s3
                      name: S3 Backup
                      path: ./forms/one
                  - path: %s
                    replicas:
                      - <<: *s3
                        path: forms/two
                """.formatted(one, two));
        Map<String, String> env = Map.of("BUCKET", bucket, "S3_ENDPOINT", S3.endpoint().toString(),
                "S3_KEY", S3.accessKey(), "S3_SECRET", S3.secretKey());
        for (Path db : new Path[] {one, two}) {
            try (var c = SqliteFiles.openWal(db)) {
                SqliteFiles.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
            }
        }
        ManagedProcess replicate = ReplicatorProcess.start(env, "replicate", "-config", config.toString());
        try (replicate) {
            E2e.awaitLog(replicate, "replicating db=" + two);
            for (Path db : new Path[] {one, two}) {
                SqliteFiles.appendRows(db, "t", 200);
            }
            E2e.stopCleanly(replicate);
        }
        assertThat(replicate.stderr()).as(replicate.describe())
                .contains("replica=\"S3 Backup\"")
                .contains("levels is a Litestream v0.5 setting with no meaning in v0.3's layout")
                .contains("path './forms/one' is cleaned to the key prefix 'forms/one'");
        assertThat(new E2e.S3Replica("s3", S3, bucket, "forms/one").keys()).anyMatch(k -> k.startsWith("generations/"));
        for (Path db : new Path[] {one, two}) {
            Path restored = dir.resolve("restored-" + db.getFileName());
            E2e.replicator(env, "restore", "-config", config.toString(), "-o", restored.toString(), db.toString());
            assertThat(SqliteFiles.integrityCheck(restored)).isEqualTo("ok");
            SqliteFiles.assertSameContent(db, restored);
        }
    }

    @Test
    void continuesAReplicaLitestreamWroteUnderACleanedPath() throws Exception {
        Path db = dir.resolve("production.sqlite3");
        String bucket = S3.createBucket();
        Path config = Files.writeString(dir.resolve("litestream.yml"), """
                dbs:
                  - path: %s
                    replicas:
                      - type: s3
                        bucket: %s
                        path: ./storage/production/data.sqlite3
                        endpoint: %s
                        region: %s
                        force-path-style: true
                        access-key-id: %s
                        secret-access-key: %s
                """.formatted(db, bucket, S3.endpoint(), S3.region(), S3.accessKey(), S3.secretKey()));
        E2e.S3Replica cleaned = new E2e.S3Replica("s3", S3, bucket, "storage/production/data.sqlite3");
        try (var c = SqliteFiles.openWal(db)) {
            SqliteFiles.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        }
        SqliteFiles.appendRows(db, "t", 100);
        ManagedProcess litestream = LitestreamBinary.start("replicate", "-config", config.toString());
        try (litestream) {
            Awaitility.await("Litestream's WAL segment under the cleaned key").atMost(Duration.ofSeconds(60))
                    .until(() -> cleaned.keys().stream().anyMatch(k -> E2e.WAL_KEY.matcher(k).matches()));
            litestream.stop(E2e.PROCESS_TIMEOUT);
        }
        E2e.step("config forms: Litestream wrote under the cleaned key");

        Path fromLitestream = dir.resolve("from-litestream.db");
        E2e.replicator(Map.of(), "restore", "-config", config.toString(), "-o", fromLitestream.toString(),
                db.toString());
        SqliteFiles.assertSameContent(db, fromLitestream);

        ManagedProcess replicate = ReplicatorProcess.start("replicate", "-config", config.toString());
        try (replicate) {
            E2e.awaitLog(replicate, "replicating db=");
            SqliteFiles.appendRows(db, "t", 100);
            E2e.stopCleanly(replicate);
        }
        Path restored = dir.resolve("restored.db");
        ProcessResult r = LitestreamBinary.run(E2e.PROCESS_TIMEOUT, "restore", "-config", config.toString(),
                "-o", restored.toString(), db.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(SqliteFiles.integrityCheck(restored)).isEqualTo("ok");
        SqliteFiles.assertSameContent(db, restored);
        assertThat(SqliteFiles.tableDump(restored, "t", "id")).hasSize(200);
    }
}
