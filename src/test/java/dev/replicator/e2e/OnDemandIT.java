package dev.replicator.e2e;

import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.replica.Listings;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code snapshot} and {@code verify} end to end: the jar as processes, S3Proxy over HTTP, the test as the app. Both
 * commands are run while {@code replicate} runs (they ask it) and with nothing running (they do the work).
 */
class OnDemandIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    static final Duration RUN = Duration.ofSeconds(60);
    static final Duration AWAIT = Duration.ofSeconds(30);
    static final Pattern SNAPSHOT_LINE = Pattern.compile("OK db=(\\S+) replica=s3: "
            + "snapshot ([0-9a-f]{16})/([0-9a-f]{8}) "
            + "stored in s3://\\S+ \\(\\d+ bytes\\), replica at \\S+");

    @TempDir
    Path dir;
    Path db;
    Path config;
    String bucket;
    Connection app;
    ManagedProcess replicate;
    int rows;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("app.db");
        bucket = S3.createBucket();
        app = SqliteFiles.openWal(db);
        try (Statement s = app.createStatement()) {
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
        }
        config = dir.resolve("replicator.yml");
        ConfigFiles.writeOwnerOnly(config, "dbs:\n"
                + "  - path: " + db + "\n"
                + "    monitor-interval: 50ms\n"
                + "    min-checkpoint-page-count: 20\n"
                + "    replicas:\n"
                + "      - url: s3://" + bucket + "/app?endpoint=" + S3.endpoint() + "\n"
                + "        access-key-id: " + S3.accessKey() + "\n"
                + "        secret-access-key: " + S3.secretKey() + "\n"
                + "        sync-interval: 50ms\n");
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (replicate != null) {
            replicate.close();
        }
        app.close();
    }

    private void startReplicate() {
        replicate = ReplicatorProcess.start("replicate", "-config", config.toString());
        awaitReplicate(() -> keys().stream().anyMatch(k -> k.endsWith(".snapshot.lz4")));
    }

    /** Awaits a condition that needs replicate; on failure, shows what replicate said. */
    private void awaitReplicate(Callable<Boolean> condition) {
        try {
            await().atMost(AWAIT).failFast(() -> !replicate.isAlive()).until(condition);
        } catch (ConditionTimeoutException | AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + replicate.describe(), e);
        }
    }

    private void stopReplicate() {
        assertThat(replicate.stop()).as(replicate::describe).isZero();
        replicate = null;
    }

    private void insert(int count) throws SQLException {
        try (PreparedStatement p = app.prepareStatement("INSERT INTO t(v) VALUES (randomblob(?))")) {
            for (int i = 0; i < count; i++) {
                p.setInt(1, 500 + (rows++ % 7) * 300);
                p.executeUpdate();
            }
        }
    }

    @Test
    void snapshotWhileReplicateRunsKeepsTheGenerationAndRestores() throws Exception {
        startReplicate();
        insert(200);
        List<String> generations = generations();
        assertThat(generations).hasSize(1);
        int rowsBefore = rows;

        ProcessResult r = run("snapshot", "-config", config.toString());

        assertThat(r.exitCode()).as(r + "\n" + replicate.describe()).isZero();
        Matcher m = SNAPSHOT_LINE.matcher(r.stdout().strip());
        assertThat(m.matches()).as(r.stdout()).isTrue();
        assertThat(m.group(2)).isEqualTo(generations.get(0));
        String snapshotKey = "app/generations/" + m.group(2) + "/snapshots/" + m.group(3) + ".snapshot.lz4";
        assertThat(keys()).contains(snapshotKey);
        assertThat(replicate.stderr()).contains("snapshot requested for every replica");

        Path atSnapshot = restore("at-snapshot.db", new RestoreTarget(Optional.of(m.group(2)),
                Optional.of(Long.parseLong(m.group(3), 16)), Optional.empty()));
        assertThat(count(atSnapshot)).isGreaterThanOrEqualTo(rowsBefore);

        insert(50); // replication goes on, in the same generation
        awaitReplicate(() -> count(restore("after.db", RestoreTarget.latest())) == rows);
        assertThat(generations()).isEqualTo(generations);
        stopReplicate();

        insert(20); // nothing running now: the command does the work itself (in a new generation if the app's
        // write restarted the WAL meanwhile: continuity can then not be proven)
        ProcessResult alone = run("snapshot", "-config", config.toString(), db.toString());
        assertThat(alone.exitCode()).as(alone.toString()).isZero();
        Matcher again = SNAPSHOT_LINE.matcher(alone.stdout().strip());
        assertThat(again.matches()).as(alone.stdout()).isTrue();
        assertThat(keys()).contains("app/generations/" + again.group(2) + "/snapshots/" + again.group(3)
                + ".snapshot.lz4");
        SqliteFiles.assertSameContent(db, restore("latest.db", RestoreTarget.latest()), "t");
    }

    @Test
    void verifyPassesOnAHealthyReplicaAndNamesDamagedObjects() throws Exception {
        startReplicate();
        for (int batch = 0; batch < 8; batch++) { // several segments
            int segments = segmentKeys().size();
            insert(10);
            awaitReplicate(() -> segmentKeys().size() > segments);
        }

        ProcessResult running = run("verify", "-config", config.toString());
        assertThat(running.exitCode()).as(running + "\n" + replicate.describe()).isZero();
        assertThat(running.stdout()).startsWith("OK db=" + db + " replica=s3: restored ")
                .contains("integrity_check ok").contains("pages identical to the live database");

        String corrupt = segmentKeys().get(segmentKeys().size() - 3);
        byte[] original;
        try (S3Client s3 = S3.newClient()) {
            original = s3.getObjectAsBytes(b -> b.bucket(bucket).key(corrupt)).asByteArray();
            byte[] bytes = original.clone();
            bytes[bytes.length / 2] ^= 0x40;
            s3.putObject(b -> b.bucket(bucket).key(corrupt), RequestBody.fromBytes(bytes));
        }
        ProcessResult damaged = run("verify", "-config", config.toString());
        assertThat(damaged.exitCode()).as(damaged + "\n" + replicate.describe()).isEqualTo(1);
        assertThat(damaged.stdout()).startsWith("FAILED db=" + db + " replica=s3: ")
                .contains("WAL segment s3://" + bucket + "/" + corrupt + " is corrupt");
        stopReplicate();

        String missing = middleOfAnIndex(segmentKeys());
        try (S3Client s3 = S3.newClient()) {
            s3.putObject(b -> b.bucket(bucket).key(corrupt), RequestBody.fromBytes(original));
            s3.deleteObject(b -> b.bucket(bucket).key(missing));
        }
        ProcessResult deleted = run("verify", "-config", config.toString(), "-replica", "s3", db.toString());
        assertThat(deleted.exitCode()).as(deleted.toString()).isEqualTo(1);
        assertThat(deleted.stdout()).startsWith("FAILED db=" + db + " replica=s3: ")
                .contains("s3://" + bucket + "/" + missing).contains("missing");
    }

    private static ProcessResult run(String... args) {
        return ReplicatorProcess.run(RUN, S3.credentialsEnv(), args);
    }

    /** Restores in this process (quicker than a restore process per poll). */
    private Path restore(String name, RestoreTarget target) throws Exception {
        Path out = dir.resolve(name);
        Files.deleteIfExists(out);
        try (S3ReplicaClient client = new S3ReplicaClient(S3.location(bucket, "app"))) {
            new PlanApplier(client).apply(RestorePlanner.plan(Listings.of(client), target), out);
        }
        return out;
    }

    private static int count(Path db) throws SQLException {
        try (Connection c = SqliteFiles.open(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> generations() {
        return keys().stream().map(k -> k.split("/")[2]).distinct().sorted().toList();
    }

    /** A segment followed by another of the same WAL index, so that its loss is a gap the restore can name. */
    private static String middleOfAnIndex(List<String> segments) {
        for (int i = segments.size() - 2; i >= 0; i--) {
            String index = segments.get(i).replaceAll(".*/wal/([0-9a-f]{8})_.*", "$1");
            if (segments.get(i + 1).contains("/wal/" + index + "_")) {
                return segments.get(i);
            }
        }
        throw new AssertionError("no WAL index with two segments in " + segments);
    }

    private List<String> segmentKeys() {
        return keys().stream().filter(k -> k.endsWith(".wal.lz4")).sorted().toList();
    }

    private List<String> keys() {
        try (S3Client s3 = S3.newClient()) {
            return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
        }
    }
}
