package dev.replicator.e2e;

import dev.replicator.replica.Codec;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.Listings;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.Progress;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.testing.AgeFiles;
import dev.replicator.testing.AgeKeyPair;
import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** age-encrypted replicas move both ways between replicator and Litestream v0.3.13, with the same key. */
class AgeLitestreamInteropIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final AgeKeyPair KEY = AgeKeyPair.generate();

    @TempDir
    Path dir;

    /** The same YAML for both tools: Litestream's keys, the identity inline (Litestream has no identity-file). */
    private Path config(String name, Path db, Path replica) throws IOException {
        return Files.writeString(dir.resolve(name), "dbs:\n"
                + "  - path: " + db + "\n"
                + "    monitor-interval: 100ms\n"
                + "    replicas:\n"
                + "      - url: " + replica.toUri() + "\n"
                + "        sync-interval: 100ms\n"
                + "        age:\n"
                + "          recipients: [" + KEY.recipient() + "]\n"
                + "          identities: [" + KEY.identity() + "]\n");
    }

    @Test
    void litestreamRestoresWhatReplicatorEncrypted() throws Exception {
        Path db = dir.resolve("ours.db");
        Path replica = dir.resolve("replica");
        Path config = config("replicator.yml", db, replica);
        try (Connection app = SqliteFiles.openWal(db)) {
            insertRows(app, 0, 1);
            try (ManagedProcess replicate = ReplicatorProcess.start("replicate", "-config", config.toString())) {
                for (int batch = 0; batch < 3; batch++) {
                    int before = Trees.filesEndingWith(replica, ".wal.lz4").size();
                    insertRows(app, 1 + batch * 200, 200);
                    await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                            .until(() -> Trees.filesEndingWith(replica, ".wal.lz4").size() > before);
                }
                assertThat(replicate.stop()).as(replicate::describe).isZero();
            }
        }
        assertThat(Trees.filesEndingWith(replica, ".lz4")).isNotEmpty().allMatch(AgeFiles::sealed);

        Path restored = dir.resolve("by-litestream.db");
        ProcessResult r = LitestreamBinary.run(RUN, "restore", "-config", config.toString(), "-o",
                restored.toString(), db.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(db, restored, "t");
        assertThat(SqliteFiles.tableDump(restored, "t", "id")).hasSize(601);
    }

    @Test
    void replicatorRestoresWhatLitestreamEncrypted() throws Exception {
        Path db = dir.resolve("theirs.db");
        Path replica = dir.resolve("replica");
        Path config = config("litestream.yml", db, replica);
        try (Connection app = SqliteFiles.openWal(db)) {
            insertRows(app, 0, 1);
            try (ManagedProcess litestream = LitestreamBinary.start("replicate", "-config", config.toString())) {
                for (int batch = 0; batch < 3; batch++) {
                    insertRows(app, 1 + batch * 200, 200);
                }
                // Litestream has uploaded every row once an in-process restore of its replica holds them all.
                AtomicInteger attempt = new AtomicInteger();
                await().atMost(AWAIT).pollInterval(Duration.ofMillis(200)).failFast(() -> !litestream.isAlive())
                        .ignoreExceptions()
                        .until(() -> rowsRestoredInProcess(replica, dir.resolve("poll-" + attempt.incrementAndGet()
                                + ".db")) == 601);
                assertThat(litestream.stop(Duration.ofSeconds(30))).as(litestream::describe).isZero();
            }
        }
        assertThat(Trees.filesEndingWith(replica, ".lz4")).isNotEmpty().allMatch(AgeFiles::sealed);

        Path restored = dir.resolve("by-replicator.db");
        ProcessResult r = ReplicatorProcess.run(RUN, "restore", "-config", config.toString(), "-o",
                restored.toString(), db.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(db, restored, "t");
    }

    private static long rowsRestoredInProcess(Path replica, Path out) throws Exception {
        FileReplicaClient client = new FileReplicaClient(replica);
        new PlanApplier(client, Codec.age(List.of(), List.of(KEY.identity())), 1, Progress.silent())
                .apply(RestorePlanner.plan(Listings.of(client), RestoreTarget.latest()), out);
        return SqliteFiles.tableDump(out, "t", "id").size();
    }

    private static void insertRows(Connection c, int from, int count) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB, note TEXT)");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t(id, payload, note) VALUES (?, "
                + "randomblob(?), ?)")) {
            for (int i = from; i < from + count; i++) {
                insert.setInt(1, i);
                insert.setInt(2, 100 + i * 37 % 3000);
                insert.setString(3, "row " + i);
                insert.executeUpdate();
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
