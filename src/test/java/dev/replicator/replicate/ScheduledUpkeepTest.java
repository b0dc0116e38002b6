package dev.replicator.replicate;

import dev.replicator.Pos;
import dev.replicator.SnapshotInfo;
import dev.replicator.config.S3Settings;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Codec;
import dev.replicator.replica.Keys;
import dev.replicator.replica.Replica;
import dev.replicator.replica.TakenSnapshot;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.replica.Listings;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.retention.RetentionPolicy;
import dev.replicator.testing.MutableClock;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Snapshots on schedule and retention inside a running replication, driven by an injected clock, on S3Proxy. */
class ScheduledUpkeepTest {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    static final Duration TICK = Duration.ofMillis(40);
    static final Duration HOUR = Duration.ofHours(1);
    /** A few ticks: long enough for a due snapshot to have happened, short enough to keep the test quick. */
    static final Duration QUIET = Duration.ofMillis(400);

    @TempDir
    Path dir;
    Path db;
    Connection app;
    String bucket;
    S3Settings location;
    MutableClock clock = MutableClock.startingNow();
    Replication replication;

    @BeforeEach
    void setUp() throws Exception {
        db = dir.resolve("app.db");
        app = SqliteFiles.openWal(db);
        SqliteFiles.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
        bucket = S3.createBucket();
        location = S3.location(bucket, "sched");
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (replication != null) {
            replication.shutdown(Duration.ofSeconds(10));
            replication.databases().forEach(d -> d.close());
        }
        app.close();
    }

    private Replica start(ReplicaSchedule schedule) throws Exception {
        DatabasePlan plan = new DatabasePlan(new DatabaseSettings(db, Duration.ofSeconds(1), 4, 10_000,
                Duration.ofHours(1000)), TICK, List.of(new DatabasePlan.ReplicaPlan("s3",
                new S3ReplicaClient(location), TICK, Codec.plain(), schedule)));
        replication = new Replication(List.of(plan), clock, false);
        replication.start();
        return replication.replicas().get(0);
    }

    private void writeAndAwaitUpload(Replica replica, int rows) throws SQLException {
        for (int i = 0; i < rows; i++) {
            SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(3000))");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Optional<Pos> pos = replica.database().position();
            return pos.isPresent() && replica.caughtUp() && replication.databases().get(0).sync() == false;
        });
        // The schedule counts from the clock's time when the upkeep first sees the upload: advancing the clock
        // before then (a late upkeep tick on a loaded machine) would push every due time out of the test's reach.
        await().atMost(Duration.ofSeconds(10)).until(() -> replication.upkeeps().stream().allMatch(Upkeep::started));
    }

    @Test
    void snapshotsOnScheduleOnlyWhenTheDatabaseChanged() throws Exception {
        Replica replica = start(new ReplicaSchedule(Optional.of(HOUR), RetentionPolicy.of(Duration.ofHours(24)),
                Duration.ofHours(1000), Optional.empty()));
        TakenSnapshot first = replica.lastSnapshot().orElseThrow(); // the new generation's
        writeAndAwaitUpload(replica, 5);

        clock.advance(Duration.ofMinutes(59));
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> replica.lastSnapshot().orElseThrow() == first);

        clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> replica.lastSnapshot().orElseThrow() != first);
        TakenSnapshot second = replica.lastSnapshot().orElseThrow();
        assertThat(second.info().index()).isGreaterThan(first.info().index()); // checkpoints moved the WAL index
        assertThat(replica.client().snapshots(first.info().generation())).extracting(SnapshotInfo::index)
                .contains(first.info().index(), second.info().index());

        clock.advance(Duration.ofMinutes(61)); // due, but nothing was written
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> replica.lastSnapshot().orElseThrow() == second);

        writeAndAwaitUpload(replica, 5);
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> replica.lastSnapshot().orElseThrow() == second);
        clock.advance(Duration.ofMinutes(60)); // the next slot
        await().atMost(Duration.ofSeconds(10)).until(() -> replica.lastSnapshot().orElseThrow() != second);
        assertThat(replica.database().position().orElseThrow().generation()).isEqualTo(first.info().generation());

        Path out = dir.resolve("restored.db");
        new PlanApplier(replica.client()).apply(RestorePlanner.plan(Listings.of(replica.client()),
                RestoreTarget.latest()), out);
        SqliteFiles.assertSameContent(db, out, "t");
    }

    @Test
    void retentionRunsOnItsIntervalAndKeepsTheNewestSnapshotWithItsWal() throws Exception {
        ReplicaSchedule schedule = new ReplicaSchedule(Optional.empty(), RetentionPolicy.of(Duration.ofHours(24)),
                Duration.ofHours(1), Optional.empty());
        // an earlier generation: a run whose WAL was then checkpointed away behind replicator's back
        Replica earlier = start(schedule);
        writeAndAwaitUpload(earlier, 3);
        String oldGeneration = earlier.database().position().orElseThrow().generation();
        replication.shutdown(Duration.ofSeconds(10));
        replication.databases().forEach(d -> d.close());
        SqliteFiles.exec(app, "PRAGMA wal_checkpoint(TRUNCATE)");
        // S3 times are whole seconds: the next generation must be newer, as it would be in real life
        long oldSecond = Listings.of(earlier.client()).get(0).updatedAt().orElseThrow().getEpochSecond();
        await().atMost(Duration.ofSeconds(3)).until(() -> Instant.now().getEpochSecond() > oldSecond);

        Replica replica = start(schedule);
        String generation = replica.database().position().orElseThrow().generation();
        assertThat(generation).isNotEqualTo(oldGeneration);
        writeAndAwaitUpload(replica, 5);
        nextIndex(replica);
        replica.snapshot();
        nextIndex(replica);
        long newest = replica.lastSnapshot().orElseThrow().info().index();
        assertThat(newest).isPositive();
        Set<String> before = keys();

        clock.advance(Duration.ofHours(48)); // everything is older than the window; the check is due
        await().atMost(Duration.ofSeconds(10)).until(() -> replication.upkeeps().get(0).lastRetention().isPresent());

        Set<String> expected = new TreeSet<>();
        for (String key : before) {
            String rel = key.substring(location.key("").length());
            boolean keep = rel.equals(Keys.snapshot(generation, newest))
                    || rel.startsWith(Keys.walDir(generation) + "/") && walIndex(rel) >= newest;
            if (keep) {
                expected.add(key);
            }
        }
        assertThat(expected).anyMatch(k -> k.contains("/wal/"));
        assertThat(keys()).isEqualTo(expected);

        writeAndAwaitUpload(replica, 2); // replication goes on where it was
        Path out = dir.resolve("restored.db");
        new PlanApplier(replica.client()).apply(RestorePlanner.plan(Listings.of(replica.client()),
                RestoreTarget.latest()), out);
        SqliteFiles.assertSameContent(db, out, "t");
    }

    @Test
    void restoreDrillsOnTheirIntervalRecordTheirResult() throws Exception {
        Replica replica = start(new ReplicaSchedule(Optional.empty(), RetentionPolicy.of(Duration.ofHours(24)),
                Duration.ofHours(1000), Optional.of(Duration.ofHours(6))));
        Upkeep upkeep = replication.upkeeps().get(0);
        writeAndAwaitUpload(replica, 5);

        clock.advance(Duration.ofHours(5));
        await().during(QUIET).atMost(QUIET.multipliedBy(3)).until(() -> upkeep.lastVerify().isEmpty());
        clock.advance(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> upkeep.lastVerify().isPresent());

        assertThat(upkeep.lastVerify().orElseThrow().ok()).as(upkeep.lastVerify().orElseThrow().message()).isTrue();
        assertThat(upkeep.lastVerify().orElseThrow().at()).isEqualTo(clock.instant());
        assertThat(replica.stats().lastVerifyOk()).contains(true);
        assertThat(replica.stats().lastVerify()).isPresent();
    }

    /** Checkpoints, then writes: the WAL restarts, and the database moves to the next WAL index. */
    private void nextIndex(Replica replica) throws Exception {
        long index = replica.database().position().orElseThrow().index();
        replication.databases().get(0).checkpointNow();
        writeAndAwaitUpload(replica, 1);
        assertThat(replica.database().position().orElseThrow().index()).isGreaterThan(index);
    }

    private static long walIndex(String relativeKey) {
        String name = relativeKey.substring(relativeKey.lastIndexOf('/') + 1);
        return Keys.parseSegmentName(name).orElseThrow()[0];
    }

    private Set<String> keys() {
        try (S3Client s3 = S3.newClient()) {
            Set<String> out = new TreeSet<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).forEach(out::add);
            return out;
        }
    }
}
