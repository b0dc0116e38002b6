package dev.replicator.replicate;

import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Codec;
import dev.replicator.replica.ReplicaClient;

import java.time.Duration;
import java.util.List;

/** One database to replicate and where to. */
public record DatabasePlan(DatabaseSettings settings, Duration monitorInterval, List<ReplicaPlan> replicas) {

    public record ReplicaPlan(String name, ReplicaClient client, Duration syncInterval, Codec codec,
                              ReplicaSchedule schedule) {

        public ReplicaPlan(String name, ReplicaClient client, Duration syncInterval) {
            this(name, client, syncInterval, Codec.plain());
        }

        public ReplicaPlan(String name, ReplicaClient client, Duration syncInterval, Codec codec) {
            this(name, client, syncInterval, codec, ReplicaSchedule.DEFAULT);
        }
    }
}
