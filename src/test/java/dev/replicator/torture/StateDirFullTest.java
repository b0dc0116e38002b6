package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.db.StateDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The state directory fills up or turns read-only exactly when the WAL restarts, so the shadow file of the next WAL
 * index cannot be created: sync must fail, and once the directory is writable again continue with that very index.
 */
class StateDirFullTest {

    @TempDir
    Path dir;

    @Test
    void walRestartWhileTheDiskIsFullContinuesWithTheNextIndex() throws Exception {
        Path db = dir.resolve("app.db");
        try (StateDirFault fault = StateDirFault.diskFull(StateDir.pathFor(db))) {
            rolloverWhileBroken(db, fault);
        }
    }

    @Test
    void walRestartWhileTheStateDirectoryIsReadOnlyContinuesWithTheNextIndex() throws Exception {
        Path db = dir.resolve("app.db");
        try (StateDirFault fault = StateDirFault.readOnly(StateDir.pathFor(db))) {
            rolloverWhileBroken(db, fault);
        }
    }

    private static void rolloverWhileBroken(Path db, StateDirFault fault) throws Exception {
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = app.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            s.execute("INSERT INTO t(v) VALUES (randomblob(5000))");
            Database database = new Database(new DatabaseSettings(db, Duration.ofSeconds(1), 100_000, 100_000,
                    Duration.ofHours(1)), Clock.systemUTC());
            try (database) {
                database.open();
                database.sync();
                database.checkpointNow(); // the next write restarts the WAL
                Pos before = database.position().orElseThrow();
                fault.break_();
                s.execute("INSERT INTO t(v) VALUES (randomblob(5000))");
                assertThatThrownBy(database::sync).isInstanceOf(IOException.class);
                assertThatThrownBy(database::sync).isInstanceOf(IOException.class);
                fault.repair();
                s.execute("INSERT INTO t(v) VALUES (randomblob(5000))");
                database.sync();
                Pos after = database.position().orElseThrow();
                assertThat(after.generation()).isEqualTo(before.generation());
                assertThat(after.index()).as("WAL index after %s", before).isEqualTo(before.index() + 1);
                assertThat(database.shadowIndexes(before.generation()))
                        .contains(before.index(), before.index() + 1);
                assertThat(Files.size(database.shadowPath(after.generation(), after.index())))
                        .isEqualTo(after.offset());
            }
        }
    }
}
