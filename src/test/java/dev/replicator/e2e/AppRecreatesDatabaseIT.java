package dev.replicator.e2e;

import static dev.replicator.e2e.E2e.replicator;
import static dev.replicator.e2e.E2e.startReplicator;
import static dev.replicator.e2e.E2e.step;
import static dev.replicator.e2e.E2e.stopCleanly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.DebianTools;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.SqliteFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app that deletes its database (leaving the old {@code -wal} and {@code -shm}) and creates a new one at the same
 * path while {@code replicate} runs, as SQLite's speedtest1 does at start: a separate {@code sqlite3} process with no
 * busy timeout, then with one. The app must see no error (it got "disk I/O error" on its first statement when our
 * connections to the old file kept its wal-index alive for the new one, and again while the seq table replicate creates
 * in a new file, a change to page 1, was still in the WAL), its database must stay sound, and the replica must restore to the app's final database.
 */
class AppRecreatesDatabaseIT {

    /** Many small transactions, a schema change and an index build: a second or two of writing. */
    private static final String WORKLOAD = """
            PRAGMA journal_mode=wal;
            CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER, payload BLOB, note TEXT);
            """ + ("INSERT INTO t(n, payload, note) WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k"
            + " WHERE i < 50) SELECT i, randomblob(300), 'round' FROM k;\n").repeat(300) + """
            CREATE INDEX t_n ON t(n);
            UPDATE t SET note = 'updated' WHERE n % 7 = 0;
            DELETE FROM t WHERE n % 11 = 0;
            SELECT COUNT(*) FROM t;
            """;


    @TempDir
    Path dir;

    @Test
    void appThatRecreatesItsDatabaseSeesNoErrorAndTheReplicaRestoresItsFinalState() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        SqliteFiles.appendRows(db, "old", 20);
        Path config = E2e.writeConfig(dir.resolve("replicator.yml"), db, null, "file", replica);
        ManagedProcess replicate = startReplicator(config);
        try {
            // Ten rounds, busy timeout 0 and 5 s in turn. Each starts as soon as replicate has taken its new
            // generation on the file the round before left (on the first file, at start), having created its seq
            // table there (page 1), which an app's new file read through the old -shm until replicate checkpointed the
            // creation at once. The app commits a small change and replaces the file at once, within milliseconds.
            List<String> busyTimeouts = List.of("0", "5000", "0", "5000", "0", "5000", "0", "5000", "0", "5000");
            for (int round = 1; round <= busyTimeouts.size(); round++) {
                int generations = round;
                Awaitility.await("replicate's generation for the file of round " + round)
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> count(replicate.stderr(), "new generation") >= generations);
                step("round " + round + ": the app deletes app.db and creates it again, busy timeout "
                        + busyTimeouts.get(round - 1) + " ms");
                ProcessResult app = runApp(db, round == 1 ? "old" : "t", busyTimeouts.get(round - 1));
                assertThat(app.exitCode()).as("round %d: the app's errors beside replicate: %s", round,
                        app.describe()).isZero();
                assertThat(SqliteFiles.integrityCheck(db)).as("round %d: the app's database", round).isEqualTo("ok");
                if (round == busyTimeouts.size()) {
                    break; // the final sync on SIGTERM must not leave the new file unreplicated either
                }
                int connects = round;
                Awaitility.await("replicate moves to the new file of round " + round)
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> count(replicate.stderr(), "connecting to the new database file") >= connects);
            }
        } finally {
            stopCleanly(replicate);
        }
        assertThat(count(replicate.stderr(), "the database file was replaced")).as("replacements logged: %s",
                replicate.stderr()).isEqualTo(10);

        Path restored = dir.resolve("restored.db");
        replicator(Map.of(), "restore", "-o", restored.toString(), "file://" + replica);
        assertThat(SqliteFiles.integrityCheck(restored)).isEqualTo("ok");
        assertThat(dump(restored)).as("the restore's .dump against the app's final database").isEqualTo(dump(db));
    }

    private static ProcessResult runApp(Path db, String table, String busyTimeoutMillis) throws Exception {
        Path script = db.resolveSibling("workload.sql");
        Files.writeString(script, ".timeout " + busyTimeoutMillis + "\n" + WORKLOAD);
        // The app commits a change to one leaf page (the database does not grow), deletes only the database (its -wal
        // and -shm stay) and opens the new one a moment later, as speedtest1 does: sooner than replicate's file
        // watcher can react.
        String touch = "UPDATE " + table + " SET rowid = rowid WHERE rowid = (SELECT MIN(rowid) FROM " + table + ")";
        return ManagedProcess.run("app", Duration.ofSeconds(60), List.of("sh", "-c",
                "\"$1\" -bail \"$0\" \"$3\" && rm \"$0\" && exec \"$1\" -bail \"$0\" \".read $2\"", db.toString(),
                DebianTools.path("sqlite3").toString(), script.toString(), touch), Map.of());
    }

    /** sqlite3's .dump without replicator's own table. */
    private static String dump(Path db) {
        return DebianTools.run("sqlite3", db.toString(), ".dump").stdout().lines()
                .filter(l -> !l.contains("_replicator_seq")).collect(Collectors.joining("\n"));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
