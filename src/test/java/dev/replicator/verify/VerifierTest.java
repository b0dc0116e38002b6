package dev.replicator.verify;

import dev.replicator.SegmentInfo;
import dev.replicator.config.S3Settings;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Keys;
import dev.replicator.replica.Replica;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/** Restore drills against S3Proxy over HTTP and a real SQLite database. */
class VerifierTest {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;
    Connection app;
    Database db;
    Replica replica;
    S3Settings location;
    String bucket;

    @BeforeEach
    void setUp() throws Exception {
        Path path = dir.resolve("app.db");
        app = DriverManager.getConnection("jdbc:sqlite:" + path);
        SqliteFiles.exec(app, "PRAGMA journal_mode=WAL", "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)",
                "CREATE INDEX t_v ON t(v)");
        db = new Database(new DatabaseSettings(path, Duration.ofSeconds(1), 40, 10_000, Duration.ofHours(1)),
                Clock.systemUTC());
        db.open();
        bucket = S3.createBucket();
        location = S3.location(bucket, "verify");
        replica = new Replica("s3", db, new S3ReplicaClient(location));
        for (int batch = 0; batch < 12; batch++) { // several segments, and a checkpoint (40 pages) or two between
            SqliteFiles.exec(app,
                    "INSERT INTO t(v) SELECT randomblob(1000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)");
            db.sync();
            replica.sync();
        }
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
        app.close();
    }

    private VerifyResult verify() {
        return new Verifier(Clock.systemUTC()).verify(db, replica);
    }

    @Test
    void aHealthyReplicaRestoresToTheLivePages() throws Exception {
        // not synced yet: verify catches up first
        SqliteFiles.exec(app, "UPDATE t SET v = randomblob(100) WHERE id % 2 = 0");

        VerifyResult r = verify();

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.position()).isEqualTo(db.position());
        assertThat(r.message()).contains("integrity_check ok").contains("pages identical");
        assertThat(r.line()).startsWith("OK db=" + db.path() + " replica=s3: restored ");
    }

    @Test
    void aCorruptSegmentIsNamed() throws Exception {
        SegmentInfo victim = middleSegment();
        try (S3Client s3 = S3.newClient()) {
            byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(victim))).asByteArray();
            bytes[bytes.length / 2] ^= 0x5a;
            s3.putObject(b -> b.bucket(bucket).key(key(victim)), RequestBody.fromBytes(bytes));
        }

        VerifyResult r = verify();

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("WAL segment " + url(victim) + " is corrupt");
    }

    @Test
    void aDeletedSegmentIsNamed() throws Exception {
        SegmentInfo victim = middleSegment();
        try (S3Client s3 = S3.newClient()) {
            s3.deleteObject(b -> b.bucket(bucket).key(key(victim)));
        }

        VerifyResult r = verify();

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains(url(victim)).contains("missing");
    }

    @Test
    void aDeletedLastSegmentIsNamed() throws Exception {
        List<SegmentInfo> segments = replica.client().walSegments(db.position().orElseThrow().generation());
        SegmentInfo last = segments.get(segments.size() - 1);
        try (S3Client s3 = S3.newClient()) {
            s3.deleteObject(b -> b.bucket(bucket).key(key(last)));
        }

        VerifyResult r = verify();

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).contains("replica is missing WAL segment " + url(last));
    }

    /** A segment followed by another of the same WAL index, so that its loss is a gap the restore can name. */
    private SegmentInfo middleSegment() throws Exception {
        List<SegmentInfo> segments = replica.client().walSegments(db.position().orElseThrow().generation());
        for (int i = segments.size() - 2; i >= 0; i--) {
            if (segments.get(i + 1).index() == segments.get(i).index()) {
                return segments.get(i);
            }
        }
        throw new AssertionError("no WAL index with two segments in " + segments);
    }

    private String key(SegmentInfo s) {
        return location.key(Keys.segment(s.pos()));
    }

    private String url(SegmentInfo s) {
        return "s3://" + bucket + "/" + key(s);
    }
}
