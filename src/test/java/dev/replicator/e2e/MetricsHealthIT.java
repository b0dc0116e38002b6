package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.Ports;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code addr:} serves /metrics and /healthz while the jar replicates to S3 (S3Proxy over HTTP, objects on disk).
 * The S3 server is stopped while the app writes and started again on the same port and directory: the gauges move,
 * health turns 503 with a reason and recovers, the failure is logged once, and a restore has every row.
 */
class MetricsHealthIT {

    private static final String LABELS = "{db=\"%s\",replica=\"s3\"}";
    private static final Duration OUTAGE_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int httpPort;
    private String replicaLabels;

    @Test
    void gaugesMoveHealthTurns503DuringAnS3OutageAndRecoversWithNoRowLost() throws Exception {
        Path store = Files.createDirectories(dir.resolve("s3-store"));
        int s3Port = Ports.freePort();
        S3ProxyServer s3 = S3ProxyServer.start(store, s3Port);
        Path db = dir.resolve("app.db");
        Supervised.createDatabase(db);
        replicaLabels = String.format(LABELS, db);
        httpPort = Ports.freePort();
        Path config = config(s3, s3.createBucket(), db);
        try (ManagedProcess p = ReplicatorProcess.start("replicate", "-config", config.toString());
             Connection app = SqliteFiles.openWal(db)) {
            Awaitility.await("healthy after start").atMost(Supervised.TIMEOUT).ignoreExceptions()
                    .until(() -> healthz().statusCode() == 200);
            insert(app, 1, 20);
            Awaitility.await("rows 1-20 uploaded").atMost(Supervised.TIMEOUT).ignoreExceptions().until(() -> {
                Map<String, Double> m = metrics();
                return m.get("replicator_replica_wal_segments_total" + replicaLabels) > 0
                        && m.get("replicator_replica_lag_bytes" + replicaLabels) == 0;
            });
            Map<String, Double> before = metrics();
            assertThat(before.get("replicator_replica_snapshots_total" + replicaLabels)).isEqualTo(1);
            assertThat(before.get("replicator_replica_last_sync_timestamp_seconds" + replicaLabels)).isPositive();
            assertThat(before.get("replicator_replica_errors_total" + replicaLabels)).isZero();
            assertThat(before.get("replicator_db_wal_bytes_total" + String.format("{db=\"%s\"}", db))).isPositive();

            s3.close();
            insert(app, 21, 40);
            // Two failed attempts at least, however the retries fall, so that counting per attempt is visible below.
            Awaitility.await("503 during the outage, after two failed uploads").atMost(OUTAGE_TIMEOUT)
                    .ignoreExceptions().until(() -> healthz().statusCode() == 503
                            && metrics().get("replicator_replica_errors_total" + replicaLabels) >= 2);
            String reason = healthz().body();
            assertThat(reason).startsWith("{\"status\":\"unhealthy\",\"reasons\":[").contains("replica=s3")
                    .contains("WAL bytes not uploaded");
            Map<String, Double> during = metrics();
            assertThat(during.get("replicator_replica_errors_total" + replicaLabels)).isPositive();
            assertThat(during.get("replicator_replica_lag_bytes" + replicaLabels)).isPositive();
            assertThat(during.get("replicator_replica_lag_seconds" + replicaLabels)).isGreaterThanOrEqualTo(2);
            assertThat(during.get("replicator_replica_healthy" + replicaLabels)).isZero();

            s3 = S3ProxyServer.start(store, s3Port);
            Awaitility.await("healthy and caught up after the outage").atMost(OUTAGE_TIMEOUT).ignoreExceptions()
                    .until(() -> healthz().statusCode() == 200
                            && metrics().get("replicator_replica_lag_bytes" + replicaLabels) == 0);
            Map<String, Double> after = metrics();
            assertThat(after.get("replicator_replica_wal_segments_total" + replicaLabels))
                    .isGreaterThan(before.get("replicator_replica_wal_segments_total" + replicaLabels));
            assertThat(after.get("replicator_replica_wal_bytes_total" + replicaLabels))
                    .isGreaterThan(before.get("replicator_replica_wal_bytes_total" + replicaLabels));
            assertThat(after.get("replicator_replica_lag_seconds" + replicaLabels)).isZero();
            assertThat(after.get("replicator_replica_healthy" + replicaLabels)).isEqualTo(1);
            insert(app, 41, 50);

            assertThat(p.stop(Supervised.TIMEOUT)).as(p.describe()).isZero();
            String log = p.stderr();
            assertThat(count(log, "to replica=s3 (")).as("one line per state change, not per retry: " + log)
                    .isLessThanOrEqualTo(3);
            assertThat(count(log, "failed, will retry")).isBetween(1, 2);
            assertThat(count(log, "recovered after")).isEqualTo(1);
            assertThat(after.get("replicator_replica_errors_total" + replicaLabels))
                    .isGreaterThan(count(log, "failed, will retry"));

            List<Long> all = LongStream.rangeClosed(1, 50).boxed().toList();
            String url = "s3://" + bucketOf(config) + "/app?endpoint=" + s3.endpoint() + "&region=" + s3.region();
            assertThat(Supervised.restoredIds(url, dir.resolve("restored.db"), s3.credentialsEnv()))
                    .containsExactlyElementsOf(all);
        } finally {
            s3.close();
        }
    }

    private Path config(S3ProxyServer s3, String bucket, Path db) throws Exception {
        String yaml = "addr: \"127.0.0.1:" + httpPort + "\"\n"
                + "health-window: 2s\n"
                + "dbs:\n"
                + "  - path: \"" + db + "\"\n"
                + "    replicas:\n"
                + "      - name: s3\n"
                + "        type: s3\n"
                + "        bucket: " + bucket + "\n"
                + "        path: app\n"
                + "        endpoint: " + s3.endpoint() + "\n"
                + "        region: " + s3.region() + "\n"
                + "        force-path-style: true\n"
                + "        access-key-id: " + s3.accessKey() + "\n"
                + "        secret-access-key: " + s3.secretKey() + "\n"
                + "        sync-interval: 200ms\n";
        return Files.writeString(dir.resolve("r.yml"), yaml);
    }

    private String bucketOf(Path config) throws Exception {
        return Files.readAllLines(config).stream().filter(l -> l.trim().startsWith("bucket: ")).findFirst()
                .orElseThrow().trim().substring("bucket: ".length());
    }

    private static void insert(Connection app, long from, long to) throws Exception {
        try (PreparedStatement ps = app.prepareStatement("INSERT INTO t(id, note) VALUES (?, 'row')")) {
            for (long id = from; id <= to; id++) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }

    private HttpResponse<String> healthz() throws Exception {
        return get("/healthz");
    }

    /** Every sample of /metrics, keyed by name and labels as printed. */
    private Map<String, Double> metrics() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
