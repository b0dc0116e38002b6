package dev.replicator.replicate;

import dev.replicator.config.ConfigLoader;
import dev.replicator.config.DirConfig;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Codec;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.testing.SqliteFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery against a real directory, real SQLite files and a real Replication with a file replica. */
class DirectoryDiscoveryTest {

    private static final Duration TICK = Duration.ofMillis(100);

    @TempDir
    Path root;

    private Replication replication;
    private DirectoryDiscovery discovery;

    @AfterEach
    void tearDown() {
        if (discovery != null) {
            discovery.close();
        }
        if (replication != null) {
            replication.shutdown(Duration.ofSeconds(10));
            replication.databases().forEach(Database::close);
        }
    }

    private void start(Path data, Path replica, Set<Path> configured) throws Exception {
        DirConfig dir = ConfigLoader.parse("dbs:\n  - dir: " + data + "\n    recursive: true\n"
                + "    replicas: [{path: '" + replica + "'}]\n", "t.yml", Map.of()).dirs().get(0);
        FileReplicaClient rootClient = new FileReplicaClient(replica);
        DirectoryDiscovery.Entry entry = new DirectoryDiscovery.Entry(dir, db -> new DatabasePlan(
                DatabaseSettings.defaults(db), TICK, List.of(new DatabasePlan.ReplicaPlan("file",
                rootClient.under(DatabaseFinder.relativePath(dir, db)), TICK, Codec.plain()))), List.of(rootClient));
        replication = new Replication(List.of(), Clock.systemUTC(), false);
        replication.start();
        discovery = new DirectoryDiscovery(List.of(entry), configured, replication, false);
        discovery.start();
    }

    @Test
    void findsDatabasesAtStartPicksUpNewOnesAndReleasesDeletedOnes() throws Exception {
        Path data = root.resolve("data");
        Path replica = root.resolve("replica");
        Path a = data.resolve("a.db");
        Path b = data.resolve("sub/b.db");
        Path configured = data.resolve("own.db");
        SqliteFiles.appendRows(a, "t", 3);
        SqliteFiles.appendRows(b, "t", 3);
        SqliteFiles.appendRows(configured, "t", 1);
        start(data, replica, Set.of(configured));
        assertThat(replication.databases()).extracting(Database::path).containsExactlyInAnyOrder(a, b);

        Path empty = data.resolve("sub/empty.db");
        Files.createFile(empty); // not a database until it has SQLite's header
        Path c = data.resolve("sub/deeper/c.db");
        SqliteFiles.appendRows(c, "t", 2);
        Awaitility.await("c.db picked up").atMost(Duration.ofSeconds(15))
                .until(() -> replication.replicates(c));
        Awaitility.await("c.db uploaded under its relative path").atMost(Duration.ofSeconds(15))
                .until(() -> Files.isDirectory(replica.resolve("sub/deeper/c.db/generations")));
        assertThat(replication.replicates(empty)).isFalse();
        assertThat(replication.replicates(configured)).as("left to its own path: entry").isFalse();

        Files.delete(a);
        Files.deleteIfExists(Path.of(a + "-wal"));
        Files.deleteIfExists(Path.of(a + "-shm"));
        Awaitility.await("a.db released").atMost(Duration.ofSeconds(15))
                .until(() -> !replication.replicates(a));
        assertThat(replication.databases()).extracting(Database::path).containsExactlyInAnyOrder(b, c);
        assertThat(replica.resolve("a.db/generations")).isDirectory();

        SqliteFiles.appendRows(a, "t", 1); // it comes back: replicated again
        Awaitility.await("a.db picked up again").atMost(Duration.ofSeconds(15))
                .until(() -> replication.replicates(a));
    }
}
