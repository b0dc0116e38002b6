package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.config.RetentionKeep;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replicate.DatabasePlan;
import dev.replicator.replicate.ReplicaSchedule;
import dev.replicator.retention.GfsPolicy;
import dev.replicator.retention.RetentionPolicy;

import java.util.ArrayList;
import java.util.List;

/** Turns validated configuration into what {@link dev.replicator.replicate.Replication} runs. */
final class Plans {

    private Plans() {
    }

    static List<DatabasePlan> of(Config config) {
        List<DatabasePlan> plans = new ArrayList<>();
        for (DbConfig db : config.dbs()) {
            List<DatabasePlan.ReplicaPlan> replicas = new ArrayList<>();
            for (ReplicaConfig r : db.replicas()) {
                replicas.add(new DatabasePlan.ReplicaPlan(r.name(), ReplicaClients.create(r), r.syncInterval(),
                        ReplicaCodecs.forUploads(db, r), schedule(r)));
            }
            plans.add(new DatabasePlan(settings(db), db.monitorInterval(), replicas));
        }
        return plans;
    }

    static ReplicaSchedule schedule(ReplicaConfig r) {
        RetentionKeep k = r.retentionKeep();
        GfsPolicy keep = new GfsPolicy(k.last(), k.hourly(), k.daily(), k.weekly(), k.monthly());
        return new ReplicaSchedule(r.snapshotInterval(), new RetentionPolicy(r.retention(), keep),
                r.retentionCheckInterval(), r.verifyInterval());
    }

    static DatabaseSettings settings(DbConfig db) {
        return new DatabaseSettings(db.path(), db.busyTimeout(), db.minCheckpointPageCount(),
                db.maxCheckpointPageCount(), db.checkpointInterval());
    }
}
