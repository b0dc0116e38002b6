package dev.replicator.torture;

import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoint races (rules R2, R3; traps T3, T5): the app checkpoints in every mode from its own thread while
 * writing, vacuums, limits the WAL size, commits (and rolls back) transactions far larger than the checkpoint
 * threshold, and uses unusual page sizes, while replication checkpoints every few pages. The restore must equal the
 * live database each time.
 */
class CheckpointTortureTest {

    private static final String[] MODES = {"PASSIVE", "FULL", "RESTART", "TRUNCATE"};

    @TempDir
    Path dir;

    @Test
    void appCheckpointsOfEveryModeFromAnotherThreadAtRandom() throws Exception {
        Path db = dir.resolve("app.db");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger checkpoints = new AtomicInteger();
        try (LocalReplication replication = LocalReplication.start(AppLoad.create(db), dir.resolve("replica"), 8, 64);
             AppLoad app = AppLoad.start(db, 11, 0, false)) {
            Thread checkpointer = new Thread(() -> {
                Random random = new Random(12);
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                    while (running.get()) {
                        s.execute("PRAGMA busy_timeout = " + new int[] {0, 20, 200}[random.nextInt(3)]);
                        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + MODES[random.nextInt(4)] + ")")) {
                            rs.next();
                            checkpoints.incrementAndGet();
                        } catch (SQLException busy) {
                            // busy: the replicator's read mark, or the app's writes
                        }
                        Thread.sleep(random.nextInt(15));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "app-checkpointer");
            checkpointer.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> app.commits() >= 1500 && checkpoints.get() >= 50);
            running.set(false);
            checkpointer.join();
            app.stop();
            replication.stop();
            replication.assertRestoreEqualsLive(dir.resolve("restored.db"));
            // How many restarts happen depends on timing; one inside a generation proves the next-index path was taken.
            assertThat(replication.walRestartsReplicated()).as("WAL restarts replicated").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void vacuumWhileReplicating() throws Exception {
        Path db = dir.resolve("app.db");
        try (LocalReplication replication = LocalReplication.start(AppLoad.create(db), dir.resolve("replica"), 16, 128);
             AppLoad app = AppLoad.start(db, 21, 1, false)) {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
            try (c; Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                for (int round = 1; round <= 3; round++) {
                    int target = 200 * round;
                    await().atMost(Duration.ofSeconds(60)).until(() -> app.commits() >= target);
                    s.execute("DELETE FROM t WHERE id % 3 = 0");
                    s.execute("VACUUM");
                }
            }
            app.stop();
            replication.stop();
            Path restored = replication.assertRestoreEqualsLive(dir.resolve("restored.db"));
            assertThat(pageCount(restored)).isEqualTo(pageCount(db));
        }
    }

    @Test
    void journalSizeLimitTruncatesTheWalAfterEachRestart() throws Exception {
        Path db = dir.resolve("app.db");
        try (LocalReplication replication = LocalReplication.start(AppLoad.create(db), dir.resolve("replica"), 8, 64);
             AppLoad app = AppLoad.start(db, 31, 1, true)) {
            try (Statement s = app.connection().createStatement()) {
                s.execute("PRAGMA journal_size_limit = 0");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> app.commits() >= 500);
            app.stop();
            replication.stop();
            replication.assertRestoreEqualsLive(dir.resolve("restored.db"));
            // How many restarts happen depends on timing; one inside a generation proves the next-index path was taken.
            assertThat(replication.walRestartsReplicated()).as("WAL restarts replicated").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void transactionsFarLargerThanTheCheckpointThresholdCommittedAndRolledBack() throws Exception {
        Path db = dir.resolve("app.db");
        try (LocalReplication replication = LocalReplication.start(AppLoad.create(db), dir.resolve("replica"), 8, 64);
             AppLoad app = AppLoad.start(db, 41, 2, false);
             Connection big = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = big.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
            s.execute("PRAGMA cache_size = -256"); // spill: uncommitted frames reach the WAL long before COMMIT
            for (int i = 0; i < 3; i++) {
                big.setAutoCommit(false);
                s.execute("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000) "
                        + "INSERT INTO t(v) SELECT randomblob(8000 - x) FROM n"); // 2000+ pages, 30 times the max
                s.execute("UPDATE t SET v = randomblob(300) WHERE id % 7 = 0");
                if (i == 1) {
                    big.rollback();
                } else {
                    big.commit();
                }
                big.setAutoCommit(true);
            }
            app.stop();
            replication.stop();
            replication.assertRestoreEqualsLive(dir.resolve("restored.db"));
            assertThat(pageCount(db)).as("pages in the database").isGreaterThan(3000);
        }
    }

    @ParameterizedTest(name = "page size {0}")
    @ValueSource(ints = {512, 1024, 8192, 65536})
    void unusualPageSizes(int pageSize) throws Exception {
        Path db = dir.resolve("app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size = " + pageSize);
            s.execute("PRAGMA journal_mode = WAL");
        }
        try (LocalReplication replication = LocalReplication.start(AppLoad.create(db), dir.resolve("replica"), 8, 64);
             AppLoad app = AppLoad.start(db, pageSize, 1, true)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> app.commits() >= 300);
            app.stop();
            replication.stop();
            Path restored = replication.assertRestoreEqualsLive(dir.resolve("restored.db"));
            assertThat(pageSize(restored)).isEqualTo(pageSize);
        }
    }

    private static long pageCount(Path db) throws SQLException {
        return pragma(db, "page_count");
    }

    private static long pageSize(Path db) throws SQLException {
        return pragma(db, "page_size");
    }

    private static long pragma(Path db, String name) throws SQLException {
        try (Connection c = SqliteFiles.open(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
