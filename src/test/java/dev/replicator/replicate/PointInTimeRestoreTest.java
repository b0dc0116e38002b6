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
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Restores at timestamps across checkpoints and two generations. A row committed after the target is never
 * present (an object is stored after what it holds was committed); a row committed more than the upload
 * granularity before it always is.
 */
class PointInTimeRestoreTest {

    /** Monitor tick plus sync interval plus the write itself, with room for a slow CI machine. */
    static final Duration GRANULARITY = Duration.ofMillis(2000);

    @Test
    void restoresExactlyTheRowsCommittedByEachTimestamp(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("pit.db");
        FileReplicaClient client = new FileReplicaClient(dir.resolve("replica"));
        List<Instant> targets = new ArrayList<>();
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = app.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, committed_ms INTEGER, pad BLOB)");
            }
            for (int generation = 0; generation < 2; generation++) {
                Replication replication = start(db, client);
                write(app, 60, targets);
                assertThat(replication.shutdown(Duration.ofSeconds(10))).isTrue();
                replication.databases().forEach(d -> d.close()); // drop the read mark: the next start cannot prove continuity
                try (Statement s = app.createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        }
        assertThat(client.generations()).hasSize(2);
        assertThat(client.walSegments(client.generations().get(0))).extracting(seg -> seg.index()).contains(2L);

        for (Instant target : targets) {
            Path out = dir.resolve("at-" + target.toEpochMilli() + ".db");
            new PlanApplier(client).apply(RestorePlanner.plan(Listings.of(client),
                    new RestoreTarget(Optional.empty(), Optional.empty(), Optional.of(target))), out);
            assertThat(SqliteFiles.integrityCheck(out)).isEqualTo("ok");
            List<long[]> rows = rows(out);
            List<long[]> source = rows(db);
            long latest = rows.isEmpty() ? 0 : rows.get(rows.size() - 1)[1];
            assertThat(latest).as("no row committed after %s", target).isLessThanOrEqualTo(target.toEpochMilli());
            for (int i = 0; i < source.size(); i++) {
                if (source.get(i)[1] <= target.minus(GRANULARITY).toEpochMilli()) {
                    assertThat(rows.size()).as("row %d committed well before %s", i + 1, target).isGreaterThan(i);
                    assertThat(rows.get(i)).containsExactly(source.get(i));
                }
            }
        }
    }

    private static Replication start(Path db, FileReplicaClient client) throws Exception {
        DatabasePlan plan = new DatabasePlan(new DatabaseSettings(db, Duration.ofSeconds(1), 6, 1000,
                Duration.ofMinutes(1)), Duration.ofMillis(50),
                List.of(new DatabasePlan.ReplicaPlan("file", client, Duration.ofMillis(100))));
        Replication replication = new Replication(List.of(plan), Clock.systemUTC(), false);
        replication.start();
        return replication;
    }

    private static void write(Connection app, int rows, List<Instant> targets) throws Exception {
        try (PreparedStatement insert = app.prepareStatement(
                "INSERT INTO t(committed_ms, pad) VALUES (?, randomblob(3000))")) {
            for (int i = 0; i < rows; i++) {
                insert.setLong(1, System.currentTimeMillis());
                insert.executeUpdate();
                Thread.sleep(20);
                if (i % 15 == 7) {
                    targets.add(Instant.now());
                }
            }
        }
        Thread.sleep(GRANULARITY.toMillis()); // let the last rows reach the replica before shutdown's final upload
        targets.add(Instant.now());
    }

    private static List<long[]> rows(Path db) throws Exception {
        List<long[]> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, committed_ms FROM t ORDER BY id")) {
            while (rs.next()) {
                out.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
        }
        return out;
    }
}
