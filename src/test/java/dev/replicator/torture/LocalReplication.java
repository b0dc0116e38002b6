package dev.replicator.torture;

import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Replica;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replicate.DatabasePlan;
import dev.replicator.replicate.Replication;
import dev.replicator.testing.SqliteFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A database replicated in this JVM to a directory replica with tiny checkpoint thresholds, for the checkpoint races:
 * start, let the app do its worst, stop, and compare a restore with the live file.
 */
final class LocalReplication implements AutoCloseable {

    private final Path db;
    private final FileReplicaClient client;
    private final Replication replication;

    private LocalReplication(Path db, FileReplicaClient client, Replication replication) {
        this.db = db;
        this.client = client;
        this.replication = replication;
    }

    /** Replicates {@code db} to {@code replicaDir}, checkpointing from {@code minPages} and forcing at {@code maxPages}. */
    static LocalReplication start(Path db, Path replicaDir, int minPages, int maxPages) throws IOException {
        FileReplicaClient client = new FileReplicaClient(replicaDir);
        Replication replication = new Replication(List.of(new DatabasePlan(
                new DatabaseSettings(db, Duration.ofMillis(500), minPages, maxPages, Duration.ofSeconds(1)),
                Duration.ofMillis(10), List.of(new DatabasePlan.ReplicaPlan("file", client, Duration.ofMillis(20))))),
                Clock.systemUTC(), false);
        replication.start();
        return new LocalReplication(db, client, replication);
    }

    FileReplicaClient client() {
        return client;
    }

    Replica replica() {
        return replication.replicas().get(0);
    }

    /** Waits until everything the app committed so far is uploaded. */
    void awaitCaughtUp() {
        long before = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            replication.databases().get(0); // the sync loop runs on its own; this only waits for it
            return replica().caughtUp() && System.nanoTime() - before > Duration.ofMillis(100).toNanos();
        });
    }

    /** Final sync and upload; fails unless the replica holds everything. */
    void stop() {
        assertThat(replication.shutdown(Duration.ofSeconds(60))).as("final sync and upload of %s", db).isTrue();
    }

    /** Restores the latest generation next to the database and asserts it equals the live file in table t. */
    Path assertRestoreEqualsLive(Path out) throws IOException, SQLException {
        assertThat(ReplicaRestore.latest(client, out)).isPresent();
        SqliteFiles.assertSameContent(db, out, "t");
        return out;
    }

    /** WAL restarts followed inside a generation: each generation's WAL indexes after its first. */
    long walRestartsReplicated() throws IOException {
        long n = 0;
        for (String gen : client.generations()) {
            n += Math.max(0, client.walSegments(gen).stream().mapToLong(s -> s.index()).distinct().count() - 1);
        }
        return n;
    }

    @Override
    public void close() {
        replication.close();
    }
}
