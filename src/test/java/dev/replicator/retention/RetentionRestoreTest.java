package dev.replicator.retention;

import dev.replicator.config.RetentionKeep;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Replica;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.Listings;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.RestoreException;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Retention on a real replica: ten days of history, one WAL index a day and a snapshot every other day, each object
 * dated (its file time) on a simulated calendar. After retention, the remaining files are exactly the expected ones,
 * every point inside the window restores exactly, and older kept snapshots restore as they were taken.
 */
class RetentionRestoreTest {

    static final Instant DAY0 = Instant.parse("2026-01-28T00:00:00Z"); // day 4 is February 1st
    static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path dir;

    @Test
    void deletesExactlyWhatNoRestorePointNeeds() throws Exception {
        Path db = dir.resolve("app.db");
        Path replicaDir = dir.resolve("replica");
        FileReplicaClient client = new FileReplicaClient(replicaDir);
        String gen;
        long[] indexOfDay = new long[10];
        try (Connection app = SqliteFiles.openWal(db)) {
            SqliteFiles.exec(app, "CREATE TABLE t(id INTEGER PRIMARY KEY, day INTEGER, v BLOB)");
            Database d = new Database(new DatabaseSettings(db, Duration.ofSeconds(1), 1, 10_000, Duration.ofHours(1)),
                    Clock.systemUTC());
            d.open();
            try {
                Replica r = new Replica("file", d, client);
                Map<Path, FileTime> dated = new HashMap<>();
                for (int day = 0; day < 10; day++) {
                    SqliteFiles.exec(app, "INSERT INTO t(day, v) VALUES (" + day + ", randomblob(2000))",
                            "INSERT INTO t(day, v) VALUES (" + day + ", randomblob(2000))");
                    d.sync(); // copies the day's rows and checkpoints (1 page is enough): the next write restarts
                    r.sync();
                    indexOfDay[day] = d.position().orElseThrow().index();
                    date(replicaDir, dated, DAY0.plus(DAY.multipliedBy(day)));
                    if (day % 2 == 0) {
                        r.snapshot();
                        date(replicaDir, dated, DAY0.plus(DAY.multipliedBy(day)).plusSeconds(10));
                    }
                }
                gen = d.position().orElseThrow().generation();
            } finally {
                d.close();
            }
        }
        for (int day = 1; day < 10; day++) {
            assertThat(indexOfDay[day]).as("one WAL index a day").isEqualTo(indexOfDay[day - 1] + 1);
        }
        Set<Path> all = new TreeSet<>(files(replicaDir));

        // window 3.5 days before Feb 6 12:00: from Feb 3 00:00 (day 6); monthly 2: January's newest (day 2)
        Instant now = DAY0.plus(DAY.multipliedBy(9)).plus(Duration.ofHours(12));
        RetentionPolicy policy = new RetentionPolicy(Duration.ofHours(84), new RetentionKeep(0, 0, 0, 0, 2));
        RetentionPlan plan = Retention.enforce(client, policy, Set.of(gen), now);

        assertThat(plan.keptSnapshots()).extracting(s -> s.index())
                .containsExactly(indexOfDay[2], indexOfDay[4], indexOfDay[6], indexOfDay[8]);
        Set<Path> expected = new TreeSet<>(all);
        expected.remove(snapshotFile(replicaDir, gen, indexOfDay[0]));
        for (int day = 0; day < 4; day++) {
            if (day != 2) { // day 2's snapshot keeps the WAL of its own index
                expected.removeIf(walFileOf(gen, indexOfDay[day])::matches);
            }
        }
        assertThat(files(replicaDir)).containsExactlyElementsOf(expected);
        assertThat(files(replicaDir)).contains(snapshotFile(replicaDir, gen, indexOfDay[8]));

        // inside the window: every point in time, exactly
        assertThat(daysAt(client, now)).isEqualTo(9);
        assertThat(daysAt(client, DAY0.plus(Duration.ofHours(24 * 6 + 6)))).isEqualTo(6);
        assertThat(daysAt(client, DAY0.plus(Duration.ofHours(24 * 7 + 12)))).isEqualTo(7);
        assertThat(daysAt(client, DAY0.plus(Duration.ofHours(24 * 8 + 20)))).isEqualTo(8);
        assertThat(daysAt(client, DAY0.plus(Duration.ofHours(24 * 6)))).as("the window's first instant").isEqualTo(5);
        // beyond it: the kept snapshot at or before the time, as it was taken
        assertThat(daysAt(client, DAY0.plus(Duration.ofHours(24 * 3 + 12)))).isEqualTo(2);
        Instant betweenDay4sWalAndSnapshot = DAY0.plus(DAY.multipliedBy(4)).plusSeconds(5);
        assertThat(daysAt(client, betweenDay4sWalAndSnapshot)).as("WAL pruned before day 4's").isEqualTo(2);
        assertThatThrownBy(() -> daysAt(client, DAY0.plus(Duration.ofHours(36))))
                .isInstanceOf(RestoreException.class).hasMessageContaining("no snapshot at or before");
    }

    /** Restores the state at {@code time} and returns the last day whose rows it holds (all earlier days too). */
    private int daysAt(FileReplicaClient client, Instant time) throws Exception {
        Path out = dir.resolve("at-" + time.toEpochMilli() + ".db");
        new PlanApplier(client).apply(RestorePlanner.plan(Listings.of(client),
                new RestoreTarget(Optional.empty(), Optional.empty(), Optional.of(time))), out);
        assertThat(SqliteFiles.integrityCheck(out)).isEqualTo("ok");
        try (Connection c = SqliteFiles.open(out); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT day), max(day) FROM t")) {
            rs.next();
            int last = rs.getInt(3);
            assertThat(rs.getInt(1)).as("two rows a day").isEqualTo(2 * (last + 1));
            assertThat(rs.getInt(2)).as("no day missing").isEqualTo(last + 1);
            return last;
        }
    }

    /** Gives every file written since the last call the time {@code day}, a second apart (in name order). */
    private static void date(Path root, Map<Path, FileTime> dated, Instant day) throws IOException {
        List<Path> fresh = new ArrayList<>();
        for (Path p : files(root)) {
            if (!Files.getLastModifiedTime(p).equals(dated.get(p))) {
                fresh.add(p);
            }
        }
        for (int i = 0; i < fresh.size(); i++) {
            FileTime time = FileTime.from(day.plusSeconds(i + 1));
            Files.setLastModifiedTime(fresh.get(i), time);
            dated.put(fresh.get(i), time);
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path snapshotFile(Path root, String gen, long index) {
        return root.resolve(dev.replicator.replica.Keys.snapshot(gen, index));
    }

    private static java.nio.file.PathMatcher walFileOf(String gen, long index) {
        return p -> p.toString().contains("/generations/" + gen + "/wal/" + String.format("%08x_", index));
    }
}
