package dev.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the npm-installed Litestream binary and the process harness work together. */
class LitestreamBinaryTest {

    @TempDir
    Path dir;

    @Test
    void isVersion0313() {
        ProcessResult result = LitestreamBinary.run(Duration.ofSeconds(30), "version");
        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout().trim()).isEqualTo("v0.3.13");
    }

    @Test
    void replicatesToAFileReplicaAndRestores() throws Exception {
        Path db = dir.resolve("src.db");
        Path replica = dir.resolve("replica");
        Path restored = dir.resolve("restored.db");
        try (Connection c = SqliteFiles.openWal(db)) {
            insert(c, 0, 50);
            try (ManagedProcess litestream = LitestreamBinary.start("replicate", db.toString(), replica.toUri().toString())) {
                insert(c, 50, 100);
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> count(replica, ".wal.lz4") > 0 && count(replica, ".snapshot.lz4") > 0);
                long shipped = count(replica, ".wal.lz4");
                insert(c, 100, 150);
                // Litestream 0.3 may skip its final sync on shutdown: wait until it shipped the last rows itself.
                Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> count(replica, ".wal.lz4") > shipped);
                int exit = litestream.stop(Duration.ofSeconds(30));
                assertThat(exit).as(litestream.describe()).isZero();
            }
            ProcessResult restore = LitestreamBinary.run(Duration.ofSeconds(60),
                    "restore", "-o", restored.toString(), replica.toUri().toString());
            assertThat(restore.exitCode()).as(restore.describe()).isZero();
            SqliteFiles.assertSameContent(db, restored, "t");
            assertThat(SqliteFiles.tableDump(restored, "t", "id")).hasSize(150);
        }
    }

    private static void insert(Connection c, int from, int to) throws Exception {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB)");
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, randomblob(?))")) {
            for (int i = from; i < to; i++) {
                insert.setInt(1, i);
                insert.setInt(2, 10 + i * 97 % 9000);
                insert.executeUpdate();
            }
        }
    }

    private static long count(Path root, String suffix) throws Exception {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
