package dev.replicator.server;

import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Replica;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Health, lag and metrics of a real database and file replica, with a clock the test moves. */
class HealthTest {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    @TempDir
    Path dir;
    Connection app;
    Database db;
    Replica replica;
    final MovableClock clock = new MovableClock();

    @BeforeEach
    void setUp() throws Exception {
        Path path = dir.resolve("app.db");
        app = DriverManager.getConnection("jdbc:sqlite:" + path);
        SqliteFiles.exec(app, "PRAGMA journal_mode=WAL", "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)");
        db = new Database(new DatabaseSettings(path, Duration.ofSeconds(1), 1000, 10_000, Duration.ofMinutes(1)),
                clock);
        db.open();
        db.sync(); // the seq table was created and checkpointed at open: the next commit restarts the WAL
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES ('restarts the WAL')");
        db.sync();
        replica = new Replica("file", db, new FileReplicaClient(dir.resolve("replica")));
        replica.sync();
    }

    @AfterEach
    void tearDown() throws SQLException {
        db.close();
        app.close();
    }

    @Test
    void anIdleReplicaThatHoldsEverythingStaysHealthy() {
        clock.advance(Duration.ofHours(3));
        Health health = health();
        assertThat(health.healthy()).isTrue();
        assertThat(health.json()).isEqualTo("{\"status\":\"ok\"}\n");
        assertThat(ReplicaLag.of(replica, clock.instant())).isEqualTo(new ReplicaLag(0, Duration.ZERO));
    }

    @Test
    void aReplicaBehindForLongerThanTheWindowWithoutProgressIsUnhealthyUntilItCatchesUp() throws Exception {
        long segments = replica.stats().walSegments();
        long walBytes = replica.stats().walBytes();
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES ('a')", "INSERT INTO t(v) VALUES ('b')");
        db.sync();
        clock.advance(Duration.ofSeconds(30));
        ReplicaLag lag = ReplicaLag.of(replica, clock.instant());
        assertThat(lag.bytes()).isEqualTo(2 * (24 + db.pageSize()));
        assertThat(lag.time()).isEqualTo(Duration.ofSeconds(30));
        assertThat(health().healthy()).as("behind, but within the window").isTrue();

        clock.advance(Duration.ofSeconds(31));
        Health health = health();
        assertThat(health.healthy()).isFalse();
        assertThat(health.json()).startsWith("{\"status\":\"unhealthy\",\"reasons\":[\"db=" + db.path()
                + " replica=file: " + lag.bytes() + " WAL bytes not uploaded for 61s");
        assertThat(Metrics.render(List.of(db), List.of(replica), WINDOW, clock.instant()))
                .contains("replicator_replica_healthy{db=\"" + db.path() + "\",replica=\"file\"} 0\n")
                .contains("replicator_replica_lag_seconds{db=\"" + db.path() + "\",replica=\"file\"} 61\n");

        replica.sync();
        assertThat(health().healthy()).isTrue();
        assertThat(ReplicaLag.of(replica, clock.instant())).isEqualTo(new ReplicaLag(0, Duration.ZERO));
        assertThat(replica.stats().walSegments()).isEqualTo(segments + 1);
        assertThat(replica.stats().walBytes()).isEqualTo(walBytes + lag.bytes());
    }

    @Test
    void metricsCountSnapshotsAndWalBytesPerDatabaseAndReplica() throws Exception {
        long segments = replica.stats().walSegments();
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES ('a')");
        db.sync();
        replica.sync();
        String text = Metrics.render(List.of(db), List.of(replica), WINDOW, clock.instant());
        String labels = "{db=\"" + db.path() + "\",replica=\"file\"}";
        assertThat(text)
                .contains("# TYPE replicator_replica_wal_bytes_total counter\n")
                .contains("replicator_replica_snapshots_total" + labels + " 1\n")
                .contains("replicator_replica_wal_segments_total" + labels + " " + (segments + 1) + "\n")
                .contains("replicator_replica_lag_bytes" + labels + " 0\n")
                .contains("replicator_replica_errors_total" + labels + " 0\n")
                .contains("replicator_db_checkpoints_total{db=\"" + db.path() + "\",mode=\"passive\"} 0\n");
    }

    @Test
    void metricsCountTheSecondsReplicatorHeldTheWriteLock() throws Exception {
        double atStart = db.stats().writeLockSeconds();
        assertThat(atStart).as("the first generation starts under the write lock").isPositive();
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES ('a')");
        try (Connection pinned = DriverManager.getConnection("jdbc:sqlite:" + db.path())) {
            db.pinRead(pinned); // copies what is committed under the write lock
            SqliteFiles.exec(pinned, "ROLLBACK");
        }
        double after = db.stats().writeLockSeconds();
        assertThat(after).isGreaterThan(atStart);
        String prefix = "replicator_db_write_lock_seconds_total{db=\"" + db.path() + "\"} ";
        String line = Metrics.render(List.of(db), List.of(replica), WINDOW, clock.instant()).lines()
                .filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        assertThat(Double.parseDouble(line.substring(prefix.length()))).isEqualTo(after);
    }

    private Health health() {
        return Health.of(List.of(db), List.of(replica), WINDOW, clock.instant());
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
