package dev.replicator.torture;

import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Replica;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replicate.DatabasePlan;
import dev.replicator.replicate.Replication;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A {@link Replication} of one database to one replica in this JVM, with the short intervals tests need. */
final class InProcessReplication {

    private InProcessReplication() {
    }

    static DatabaseSettings settings(Path db) {
        return new DatabaseSettings(db, Duration.ofSeconds(1), 32, 400, Duration.ofSeconds(1));
    }

    static Replication start(Path db, ReplicaClient client) throws IOException {
        return start(settings(db), client);
    }

    static Replication start(DatabaseSettings settings, ReplicaClient client) throws IOException {
        Replication replication = new Replication(List.of(new DatabasePlan(settings, Duration.ofMillis(20),
                List.of(new DatabasePlan.ReplicaPlan("s3", client, Duration.ofMillis(30))))), Clock.systemUTC(), false);
        replication.start();
        return replication;
    }

    static Replica replica(Replication replication) {
        return replication.replicas().get(0);
    }
}
