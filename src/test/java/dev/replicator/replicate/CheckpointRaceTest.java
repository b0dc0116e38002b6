package dev.replicator.replicate;

import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.Listings;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules R1 and R3, trap T3: the app writes as fast as it can and runs every kind of checkpoint itself, while the
 * replicator checkpoints every few pages. Every committed row must come back from the replica.
 */
class CheckpointRaceTest {

    @Test
    void noCommittedRowIsLostWhileEveryoneCheckpoints(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("race.db");
        Path replicaDir = dir.resolve("replica");
        String[] modes = {"PASSIVE", "FULL", "RESTART", "TRUNCATE"};
        Random random = new Random(42);
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = app.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            Connection appCheckpointer = DriverManager.getConnection("jdbc:sqlite:" + db);
            try (Statement c = appCheckpointer.createStatement()) {
                c.execute("PRAGMA busy_timeout=20");
            }
            DatabasePlan plan = new DatabasePlan(
                    new DatabaseSettings(db, Duration.ofMillis(200), 8, 64, Duration.ofSeconds(1)),
                    Duration.ofMillis(5),
                    List.of(new DatabasePlan.ReplicaPlan("file", new FileReplicaClient(replicaDir),
                            Duration.ofMillis(20))));
            Replication replication = new Replication(List.of(plan), Clock.systemUTC(), false);
            replication.start();
            try (PreparedStatement insert = app.prepareStatement("INSERT INTO t(v) VALUES (randomblob(?))")) {
                for (int i = 0; i < 1500; i++) {
                    insert.setInt(1, random.nextInt(3) == 0 ? 9000 : 200);
                    insert.executeUpdate();
                    if (i % 25 == 0) {
                        try (Statement c = appCheckpointer.createStatement();
                             var rs = c.executeQuery("PRAGMA wal_checkpoint(" + modes[random.nextInt(modes.length)] + ")")) {
                            rs.next();
                        } catch (java.sql.SQLException busy) {
                            // SQLITE_BUSY is the expected answer while the replicator holds its read mark
                        }
                    }
                }
            }
            // However the timing fell, end with one checkpoint and one write, so at least one WAL restart is replicated.
            replication.databases().get(0).checkpointNow();
            try (Statement last = app.createStatement()) {
                last.execute("INSERT INTO t(v) VALUES (randomblob(10))");
            }
            assertThat(replication.shutdown(Duration.ofSeconds(30))).isTrue();
            appCheckpointer.close();
            Path restored = dir.resolve("restored.db");
            FileReplicaClient client = new FileReplicaClient(replicaDir);
            new PlanApplier(client).apply(RestorePlanner.plan(Listings.of(client), RestoreTarget.latest()), restored);

            assertThat(SqliteFiles.integrityCheck(restored)).isEqualTo("ok");
            SqliteFiles.assertSameContent(db, restored, "t");
            assertThat(client.walSegments(client.generations().get(0)))
                    .as("the WAL restarted at least once under the checkpoints")
                    .extracting(seg -> seg.index()).contains(1L);
        }
    }
}
