package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rule R6: the database file deleted and created anew, or replaced by another database (renamed over it), while
 * replication runs. Continuity is broken, so replication must start a new generation that restores to the new
 * database alone, and the earlier generation must still restore to the old one: never one history spliced onto the
 * other.
 */
class DatabaseReplacedTest {

    @TempDir
    Path dir;

    @Test
    void deletedAndRecreatedDatabaseStartsANewGeneration() throws Exception {
        Path db = dir.resolve("app.db");
        try (LocalReplication replication = LocalReplication.start(create(db, "old", 300), dir.resolve("replica"),
                8, 64)) {
            Path old = settle(db, replication, "old", 300);
            String oldGeneration = replication.replica().uploaded().orElseThrow().generation();
            for (String suffix : List.of("", "-wal", "-shm")) {
                Files.deleteIfExists(Path.of(db + suffix));
            }
            create(db, "new", 200);
            assertNewGenerationHolds(replication, db, old, oldGeneration);
            assertThat(rows(db)).as("rows of the app's new database").isEqualTo(200 + 50);
        }
    }

    @Test
    void databaseReplacedByRenameStartsANewGeneration() throws Exception {
        Path db = dir.resolve("app.db");
        Path other = create(dir.resolve("other.db"), "other", 150);
        try (LocalReplication replication = LocalReplication.start(create(db, "old", 300), dir.resolve("replica"),
                8, 64)) {
            Path old = settle(db, replication, "old", 300);
            String oldGeneration = replication.replica().uploaded().orElseThrow().generation();
            Files.deleteIfExists(Path.of(db + "-wal"));
            Files.deleteIfExists(Path.of(db + "-shm"));
            Files.move(other, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            insert(db, "renamed", 100);
            assertNewGenerationHolds(replication, db, old, oldGeneration);
            assertThat(rows(db)).as("rows of the app's new database").isEqualTo(150 + 100 + 50);
        }
    }

    /**
     * Lets replication catch up with the old database, writes more to it (uncheckpointed, as an app would leave it)
     * and returns a copy of its final content.
     */
    private Path settle(Path db, LocalReplication replication, String label, int rows) throws Exception {
        replication.awaitCaughtUp();
        insert(db, label + "-tail", rows / 3);
        replication.awaitCaughtUp();
        Path copy = dir.resolve("old-copy.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + copy + "'");
        }
        return copy;
    }

    private void assertNewGenerationHolds(LocalReplication replication, Path db, Path oldCopy, String oldGeneration)
            throws Exception {
        insert(db, "after", 50);
        int rows = (int) rows(db);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> replication.replica().caughtUp()
                        && !replication.replica().uploaded().orElseThrow().generation().equals(oldGeneration));
        replication.stop();
        List<String> generations = replication.client().generations();
        assertThat(generations).as("generations").hasSize(2).contains(oldGeneration);
        String newer = generations.stream().filter(g -> !g.equals(oldGeneration)).findFirst().orElseThrow();
        Path restoredNew = ReplicaRestore.generation(replication.client(), newer, dir.resolve("restored-new.db"));
        SqliteFiles.assertSameContent(db, restoredNew, "t");
        Path restoredOld = ReplicaRestore.generation(replication.client(), oldGeneration,
                dir.resolve("restored-old.db"));
        SqliteFiles.assertSameContent(oldCopy, restoredOld, "t");
        replication.assertRestoreEqualsLive(dir.resolve("restored-latest.db"));
        assertThat(SqliteFiles.integrityCheck(db)).as("the app's new database is intact").isEqualTo("ok");
        assertThat(rows(db)).as("rows of the app's new database").isEqualTo(rows);
    }

    private static long rows(Path db) throws SQLException {
        try (Connection c = SqliteFiles.open(db); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path create(Path db, String label, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, label TEXT, v BLOB)");
        }
        insert(db, label, rows);
        return db;
    }

    /** Rows committed one transaction each, by a connection that closes (not the last one while replicating). */
    private static void insert(Path db, String label, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement insert = c.prepareStatement("INSERT INTO t(label, v) VALUES (?, randomblob(?))")) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
            }
            for (int i = 0; i < rows; i++) {
                insert.setString(1, label + " " + i);
                insert.setInt(2, 50 + (i * 37) % 3000);
                insert.executeUpdate();
            }
        }
    }
}
