package dev.replicator.replica;

import dev.replicator.Pos;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Replica uploads against a real SQLite database and a directory replica: rules R1, R2 and R6. */
class ReplicaTest {

    @TempDir
    Path dir;
    Path db;
    Path replicaDir;
    FileReplicaClient client;
    Connection app;
    final List<Database> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        db = dir.resolve("app.db");
        replicaDir = dir.resolve("replica");
        client = new FileReplicaClient(replicaDir);
        app = DriverManager.getConnection("jdbc:sqlite:" + db);
        SqliteFiles.exec(app, "PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=5000",
                "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
    }

    @AfterEach
    void tearDown() throws SQLException {
        opened.forEach(Database::close);
        app.close();
    }

    private Database open() throws Exception {
        Database d = new Database(new DatabaseSettings(db, Duration.ofSeconds(1), 100000, 200000,
                Duration.ofHours(1)), Clock.systemUTC());
        d.open();
        opened.add(d);
        return d;
    }

    private Path restore(RestoreTarget target, String name) throws Exception {
        Path out = dir.resolve(name);
        new PlanApplier(client).apply(RestorePlanner.plan(Listings.of(client), target), out);
        assertThat(SqliteFiles.integrityCheck(out)).isEqualTo("ok");
        return out;
    }

    @Test
    void uncommittedFramesInTheWalAreNeverShipped() throws Exception {
        Database d = open();
        Replica r = new Replica("file", d, client);
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(100))");
        d.sync();
        r.sync();
        Pos committed = d.position().orElseThrow();

        app.setAutoCommit(false);
        SqliteFiles.exec(app, "PRAGMA cache_size=5");
        // spills uncommitted pages into the WAL
        SqliteFiles.exec(app, "INSERT INTO t(v) SELECT randomblob(3000) FROM (WITH RECURSIVE c(x) AS "
                + "(SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < 200) SELECT x FROM c)");
        assertThat(Files.size(Path.of(db + "-wal"))).isGreaterThan(committed.offset() + 100_000);
        d.sync();
        r.sync();

        assertThat(d.position()).contains(committed);
        assertThat(r.uploaded()).contains(committed);
        app.rollback();
        app.setAutoCommit(true);
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(100))");
        d.sync();
        r.sync();
        SqliteFiles.assertSameContent(db, restore(RestoreTarget.latest(), "out.db"), "t");
    }

    @Test
    void aRestartResumesTheGenerationWithoutANewSnapshot() throws Exception {
        Database first = open();
        Replica r1 = new Replica("file", first, client);
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(5000))");
        first.sync();
        r1.sync();
        String generation = first.position().orElseThrow().generation();
        first.release();

        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(5000))");
        Database second = open();
        Replica r2 = new Replica("file", second, client);
        second.sync();
        r2.sync();

        assertThat(second.position().orElseThrow().generation()).isEqualTo(generation);
        assertThat(client.generations()).containsExactly(generation);
        assertThat(client.snapshots(generation)).hasSize(1);
        SqliteFiles.assertSameContent(db, restore(RestoreTarget.latest(), "out.db"), "t");
    }

    @Test
    void theTailOfABrokenGenerationIsShippedBeforeTheNextOneStarts() throws Exception {
        Database first = open();
        Replica r1 = new Replica("file", first, client);
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(100))");
        first.sync();
        r1.sync();
        String oldGeneration = first.position().orElseThrow().generation();
        // copied locally below, never uploaded by r1
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(100))");
        first.sync();
        Path stateAtBreak = dir.resolve("state-at-break.db");
        SqliteFiles.exec(app, "VACUUM INTO '" + stateAtBreak + "'");
        first.close(); // without the read mark, the app's checkpoint below restarts the WAL
        SqliteFiles.exec(app, "PRAGMA wal_checkpoint(TRUNCATE)", "INSERT INTO t(v) VALUES (randomblob(100))");

        Database second = open();
        Replica r2 = new Replica("file", second, client);
        second.sync();
        r2.sync();

        String newGeneration = second.position().orElseThrow().generation();
        assertThat(newGeneration).isNotEqualTo(oldGeneration);
        Path old = restore(new RestoreTarget(Optional.of(oldGeneration), Optional.empty(), Optional.empty()), "old.db");
        SqliteFiles.assertSameContent(stateAtBreak, old, "t");
        SqliteFiles.assertSameContent(db, restore(RestoreTarget.latest(), "new.db"), "t");
    }

    @Test
    void anIdleDatabaseUploadsNothing() throws Exception {
        Database d = open();
        Replica r = new Replica("file", d, client);
        d.sync();
        r.sync();
        long objects = countObjects();

        assertThat(d.sync()).isFalse();
        assertThat(r.sync()).isFalse();
        assertThat(countObjects()).isEqualTo(objects);
    }

    private long countObjects() throws Exception {
        try (var files = Files.walk(replicaDir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
