package dev.replicator.db;

import dev.replicator.Pos;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {

    @TempDir
    Path dir;
    Path dbPath;
    Connection app;
    final List<Database> opened = new ArrayList<>();

    @BeforeEach
    void createAppDatabase() throws SQLException {
        dbPath = dir.resolve("app.db");
        app = DriverManager.getConnection("jdbc:sqlite:" + dbPath);
        try (Statement s = app.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
        }
    }

    @AfterEach
    void closeAll() throws SQLException {
        opened.forEach(Database::close);
        app.close();
    }

    private Database open(int minPages) throws IOException {
        Database db = new Database(new DatabaseSettings(dbPath, java.time.Duration.ofSeconds(1), minPages, 100000,
                java.time.Duration.ofHours(1)), Clock.systemUTC());
        db.open();
        opened.add(db);
        return db;
    }

    private void insert(int rows, int size) throws SQLException {
        try (Statement s = app.createStatement()) {
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO t(v) VALUES (randomblob(" + size + "))");
            }
        }
    }

    private static WalScanner.Result verify(Path shadow) throws IOException {
        byte[] bytes = Files.readAllBytes(shadow);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        WalHeader h = WalScanner.readHeader(in);
        WalScanner.Result r = WalScanner.scan(in, h, 32, h.checksum(), (o, f, l) -> { });
        assertThat(r.commitEnd()).as("shadow holds only whole, verified transactions").isEqualTo(bytes.length);
        return r;
    }

    @Test
    void copiesCommittedTransactionsIntoTheShadowWal() throws Exception {
        Database db = open(1000);
        db.sync();
        Pos start = db.position().orElseThrow();
        insert(10, 100);

        assertThat(db.sync()).isTrue();

        Pos pos = db.position().orElseThrow();
        assertThat(pos.generation()).isEqualTo(start.generation());
        assertThat(pos.offset()).isGreaterThan(start.offset());
        WalScanner.Result r = verify(db.shadowPath(pos.generation(), pos.index()));
        assertThat(r.commits()).isGreaterThanOrEqualTo(10);
        assertThat(db.sync()).as("nothing new").isFalse();
    }

    @Test
    void aCheckpointThenAnAppWriteStartsTheNextIndex() throws Exception {
        Database db = open(5);
        db.sync();
        insert(20, 3000);
        db.sync(); // copies, then checkpoints: the WAL is over 5 pages
        Pos before = db.position().orElseThrow();

        insert(1, 10); // restarts the WAL
        db.sync();

        Pos after = db.position().orElseThrow();
        assertThat(after.generation()).isEqualTo(before.generation());
        assertThat(after.index()).isEqualTo(before.index() + 1);
        verify(db.shadowPath(before.generation(), before.index()));
        verify(db.shadowPath(after.generation(), after.index()));
    }

    @Test
    void aCheckpointWhileTheAppPausesRestartsTheWalWithoutTheWriteLock() throws Exception {
        Database db = open(5);
        db.sync();
        insert(20, 3000); // 20 commits, over twice min-checkpoint-page-count: the write lock would be allowed
        double lockSeconds = db.stats().writeLockSeconds();
        db.sync(); // copies, then checkpoints everything: the app commits nothing meanwhile
        Pos before = db.position().orElseThrow();
        assertThat(db.stats().writeLockSeconds()).as("seconds replicator held the write lock").isEqualTo(lockSeconds);

        insert(1, 10); // restarts the WAL
        db.sync();
        assertThat(db.position().orElseThrow().index()).isEqualTo(before.index() + 1);
        verify(db.shadowPath(before.generation(), before.index()));
    }

    @Test
    void theWalRestartsUnderAnAppThatCommitsBackToBackAndAutoCheckpoints() throws Exception {
        Database db = open(50);
        db.sync();
        long startIndex = db.position().orElseThrow().index();
        int commits = 1500;
        Thread writer = new Thread(() -> {
            try (Statement s = app.createStatement()) {
                s.execute("PRAGMA wal_autocheckpoint = 20"); // the app's own checkpoints hold the checkpoint lock often
                for (int tx = 0; tx < commits; tx++) {
                    s.execute("BEGIN IMMEDIATE");
                    for (int i = 0; i < 20; i++) {
                        s.execute("INSERT INTO t(v) VALUES (randomblob(200))");
                    }
                    s.execute("COMMIT"); // and straight into the next: the write lock is free for microseconds
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            db.sync();
        }
        writer.join();
        db.sync();

        // Every ~50 pages a checkpoint is due; SQLite's default busy handler (1 to 100 ms naps) wins the lock for the
        // restart once or twice in this run, the polling one at almost every checkpoint (about 55 times).
        Pos pos = db.position().orElseThrow();
        assertThat(pos.index() - startIndex).as("WAL restarts during %d back-to-back commits", commits)
                .isGreaterThanOrEqualTo(10);
        for (long i = startIndex; i <= pos.index(); i++) {
            verify(db.shadowPath(pos.generation(), i));
        }
        try (Statement s = app.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(commits * 20);
        }
    }

    @Test
    void anAppTruncateCheckpointCannotDiscardUncopiedFrames() throws Exception {
        Database db = open(100000);
        db.sync(); // the seq table was created and checkpointed at open: the next commit restarts the WAL
        insert(1, 100); // restarts the WAL while we watch
        db.sync();
        long index = db.position().orElseThrow().index();
        insert(5, 100);
        try (Statement s = app.createStatement()) {
            s.execute("PRAGMA busy_timeout=50");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // blocked by the read transaction: returns busy
        }
        insert(1, 100);

        db.sync();

        Pos pos = db.position().orElseThrow();
        assertThat(pos.index()).isEqualTo(index);
        assertThat(verify(db.shadowPath(pos.generation(), index)).commits()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void resumesTheGenerationAfterARestartWhenTheWalContinuesIt() throws Exception {
        Database first = open(100000);
        first.sync();
        insert(3, 100);
        first.sync();
        Pos before = first.position().orElseThrow();
        first.release();

        insert(2, 100);
        Database second = open(100000);
        second.sync();

        Pos after = second.position().orElseThrow();
        assertThat(after.generation()).isEqualTo(before.generation());
        assertThat(after.offset()).isGreaterThan(before.offset());
    }

    @Test
    void startsANewGenerationWhenTheWalWasRestartedBehindItsBack() throws Exception {
        Database first = open(100000);
        first.sync();
        insert(3, 100);
        first.sync();
        Pos before = first.position().orElseThrow();
        first.close(); // closes its connections: no read mark protects the WAL any more
        try (Statement s = app.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        insert(1, 100);

        Database second = open(100000);
        second.sync();

        assertThat(second.position().orElseThrow().generation()).isNotEqualTo(before.generation());
    }

    @Test
    void aTornShadowAppendIsCutBackOnTheNextStart() throws Exception {
        Database first = open(100000);
        first.sync();
        insert(3, 100);
        first.sync();
        Pos before = first.position().orElseThrow();
        Path shadow = first.shadowPath(before.generation(), before.index());
        first.release();
        Files.write(shadow, new byte[1500], java.nio.file.StandardOpenOption.APPEND); // a crash mid-append

        Database second = open(100000);
        second.sync();

        assertThat(second.position().orElseThrow()).isEqualTo(before);
        assertThat(Files.size(shadow)).isEqualTo(before.offset());
        verify(shadow);
    }

    @Test
    void startsANewGenerationWhenTheAppClosedLastAndSqliteDeletedTheWal() throws Exception {
        Database first = open(100000);
        first.sync();
        insert(3, 100);
        first.sync();
        Pos before = first.position().orElseThrow();
        first.close();
        app.close(); // the last connection: SQLite checkpoints and deletes the WAL (trap T4)
        assertThat(Path.of(dbPath + "-wal")).doesNotExist();
        app = DriverManager.getConnection("jdbc:sqlite:" + dbPath);

        Database second = open(100000);
        second.sync();

        Pos after = second.position().orElseThrow();
        assertThat(after.generation()).isNotEqualTo(before.generation());
        assertThat(after.offset()).isGreaterThan(WalHeader.SIZE);
    }

    @Test
    void twoReplicatorsOnOneDatabaseAreRefused() throws Exception {
        open(1000);
        Database other = new Database(DatabaseSettings.defaults(dbPath), Clock.systemUTC());
        assertThatThrownBy(other::open).hasMessageContaining("another replicator");
    }

    @Test
    void aMissingDatabaseIsNotCreated() {
        Path missing = dir.resolve("missing.db");
        Database db = new Database(DatabaseSettings.defaults(missing), Clock.systemUTC());
        assertThatThrownBy(db::open).hasMessageContaining("does not exist");
        assertThat(missing).doesNotExist();
    }

    @Test
    void switchesARollbackJournalDatabaseToWal() throws Exception {
        Path rollback = dir.resolve("rollback.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + rollback); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE x(a)");
        }
        Database db = new Database(DatabaseSettings.defaults(rollback), Clock.systemUTC());
        opened.add(db);
        db.open();
        db.sync();
        assertThat(Path.of(rollback + "-wal")).exists();
    }
}
