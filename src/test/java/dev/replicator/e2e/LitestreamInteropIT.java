package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.e2e.E2e.Layout;
import dev.replicator.e2e.E2e.S3Replica;
import dev.replicator.testing.AppWriter;
import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Replicas are interchangeable with Litestream v0.3.13's, both ways. */
class LitestreamInteropIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;

    @Test
    void litestreamRestoresWhatReplicatorWroteToS3AndToAFile() throws Exception {
        Path db = dir.resolve("app.db");
        Path fileReplica = dir.resolve("file-replica");
        S3Replica s3 = new S3Replica("s3", S3, S3.createBucket(), "interop/db");
        E2e.createAppDatabase(db);
        Path config = E2e.writeConfig(dir.resolve("replicator.yml"), db, s3, "file", fileReplica);
        // Every 400th transaction is over 1000 pages, so the WAL is checkpointed and restarted several times.
        int transactions = 1500;
        int bigEvery = 400;

        ManagedProcess replicator = E2e.startReplicator(config);
        try (replicator; ManagedProcess app = AppWriter.launch(db, transactions, "--big-every",
                Integer.toString(bigEvery))) {
            assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
            awaitWalIndexes(db, fileReplica, 3);
            E2e.stopCleanly(replicator);
        }
        E2e.step("interop: replicator stopped");
        assertThat(SqliteFiles.tableDump(db, "t", "id")).isEqualTo(AppWriter.expectedDump(AppWriter.DEFAULT_SEED,
                bigEvery, IntStream.rangeClosed(1, transactions).boxed().toList()));

        for (Layout layout : List.of(E2e.assertLayout("S3 replica", s3.keys()),
                E2e.assertLayout("file replica", E2e.fileKeys(fileReplica)))) {
            assertThat(layout.generations()).hasSize(1);
            String gen = layout.generations().iterator().next();
            assertThat(layout.walIndexes(gen)).as("WAL indexes and offsets: %s", layout.wal())
                    .hasSizeGreaterThanOrEqualTo(3);
        }
        // replicator's own listing (columns: replica, generation, index, offset, size, created) agrees.
        ProcessResult wal = E2e.replicator(Map.of(), "wal", "-config", config.toString(), db.toString());
        assertThat(wal.stdout().lines().skip(1).map(l -> l.trim().split("\\s+"))
                .map(cols -> cols[0] + " " + cols[2]).distinct())
                .as(wal.stdout()).contains("s3 00000000", "s3 00000001", "s3 00000002",
                        "file 00000000", "file 00000001", "file 00000002");

        Path fromFile = dir.resolve("litestream-from-file.db");
        ProcessResult r = LitestreamBinary.run(E2e.PROCESS_TIMEOUT, "restore", "-o", fromFile.toString(),
                fileReplica.toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(db, fromFile);
        E2e.step("interop: litestream restored the file replica");

        Path litestreamYml = Files.writeString(dir.resolve("litestream.yml"), """
                dbs:
                  - path: "%s"
                    replicas:
                      - type: s3
                        bucket: %s
                        path: %s
                        endpoint: %s
                        region: %s
                        force-path-style: true
                        access-key-id: %s
                        secret-access-key: %s
                """.formatted(db.toAbsolutePath(), s3.bucket(), s3.prefix(), S3.endpoint(), S3.region(),
                S3.accessKey(), S3.secretKey()));
        Path fromS3 = dir.resolve("litestream-from-s3.db");
        r = LitestreamBinary.run(E2e.PROCESS_TIMEOUT, "restore", "-config", litestreamYml.toString(),
                "-o", fromS3.toString(), db.toAbsolutePath().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(db, fromS3);
        E2e.step("interop: litestream restored the S3 replica");
    }

    @Test
    void replicatorRestoresWhatLitestreamWrote() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("litestream-replica");
        // The test writes itself, in rounds: each round commits over 1000 pages, then waits until Litestream has
        // checkpointed and started the next WAL index in its replica. Litestream v0.3.13's PASSIVE checkpoint rarely
        // restarts the WAL under an app that never pauses, and when its shutdown sync has a checkpoint to do, it
        // fails on its cancelled context and exits 1; pausing between rounds avoids both.
        int rounds = 3;
        try (Connection c = SqliteFiles.openWal(db)) {
            SqliteFiles.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, round INTEGER, payload BLOB, note TEXT)");
            ManagedProcess litestream = LitestreamBinary.start("replicate", db.toAbsolutePath().toString(),
                    replica.toUri().toString());
            try (litestream) {
                awaitReplicaKey(litestream, replica, "Litestream's first snapshot",
                        k -> E2e.SNAPSHOT_KEY.matcher(k).matches());
                for (int round = 0; round < rounds; round++) {
                    writeRound(c, round);
                    long next = round + 1;
                    awaitReplicaKey(litestream, replica, "a segment of WAL index " + next, k -> {
                        Matcher m = E2e.WAL_KEY.matcher(k);
                        return m.matches() && Long.parseLong(m.group(2), 16) >= next;
                    });
                }
                // A last small round that stays in the WAL: the shutdown sync must ship it.
                SqliteFiles.exec(c, "UPDATE t SET note = 'updated' WHERE id % 7 = 0");
                SqliteFiles.exec(c, "DELETE FROM t WHERE id % 11 = 0");
                SqliteFiles.exec(c, "INSERT INTO t(round, payload, note) VALUES (99, randomblob(5000), 'last')");
                assertThat(litestream.stop(E2e.PROCESS_TIMEOUT)).as(litestream.describe()).isZero();
            }
        }
        E2e.step("interop: litestream stopped");

        Layout layout = E2e.assertLayout("Litestream's replica", E2e.fileKeys(replica));
        assertThat(layout.generations()).hasSize(1);
        assertThat(layout.walIndexes(layout.generations().iterator().next()))
                .as("WAL indexes and offsets: %s", layout.wal()).hasSizeGreaterThanOrEqualTo(rounds + 1);

        Path restored = dir.resolve("replicator-from-litestream.db");
        E2e.replicator(Map.of(), "restore", "-o", restored.toString(), replica.toUri().toString());
        SqliteFiles.assertSameContent(db, restored);
        assertThat(SqliteFiles.tableDump(restored, "t", "id")).anyMatch(row -> "last".equals(row.get(3)))
                .anyMatch(row -> "updated".equals(row.get(3)));
        E2e.step("interop: replicator restored Litestream's replica");
    }

    /**
     * One transaction of mixed row sizes: 40 small rows, 10 of 8 KB, one of 300 KiB and 80 of 64 KiB, over 1400
     * pages of 4 KiB in all (Litestream checkpoints at 1000).
     */
    private static void writeRound(Connection c, int round) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sizes.add(80 + i);
            if (i % 4 == 0) {
                sizes.add(8000 + i);
            }
            if (i % 2 == 0) {
                sizes.add(64 * 1024);
                sizes.add(64 * 1024);
                sizes.add(64 * 1024);
                sizes.add(64 * 1024);
            }
        }
        sizes.add(300 * 1024);
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO t(round, payload, note) VALUES (?, randomblob(?), ?)")) {
            for (int size : sizes) {
                insert.setInt(1, round);
                insert.setInt(2, size);
                insert.setString(3, "round " + round + " bytes " + size);
                insert.executeUpdate();
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /**
     * How many times the WAL restarts under the app above depends on the machine's speed: a checkpoint only restarts
     * it when the app pauses long enough to leave the write lock free. Tops the replica up to {@code indexes} WAL
     * indexes with big transactions, each followed by small writes until the next index appears.
     */
    private static void awaitWalIndexes(Path db, Path fileReplica, int indexes) throws Exception {
        try (Connection c = SqliteFiles.openWal(db)) {
            SqliteFiles.exec(c, "CREATE TABLE IF NOT EXISTS extra(id INTEGER PRIMARY KEY, payload BLOB)");
            while (walIndexCount(fileReplica) < indexes) {
                int before = walIndexCount(fileReplica);
                SqliteFiles.exec(c, "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1100)"
                        + " INSERT INTO extra(payload) SELECT randomblob(4096) FROM n");
                Awaitility.await("WAL index " + (before + 1) + " in the file replica").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100)).until(() -> {
                            SqliteFiles.exec(c, "INSERT INTO extra(payload) VALUES (randomblob(100))");
                            return walIndexCount(fileReplica) > before;
                        });
            }
        }
    }

    /** WAL indexes of the replica's newest-listed generation, ignoring objects still being written. */
    private static int walIndexCount(Path replica) {
        return (int) E2e.fileKeys(replica).stream().map(E2e.WAL_KEY::matcher).filter(Matcher::matches)
                .map(m -> m.group(1) + "/" + m.group(2)).distinct().count();
    }

    private static void awaitReplicaKey(ManagedProcess litestream, Path replica, String what,
                                        Predicate<String> key) {
        Awaitility.await(what).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!litestream.isAlive()) {
                throw new AssertionError("litestream exited: " + litestream.describe());
            }
            return Files.isDirectory(replica) && E2e.fileKeys(replica).stream().anyMatch(key);
        });
    }
}
