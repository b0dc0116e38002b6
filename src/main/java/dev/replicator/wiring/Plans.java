package dev.replicator.wiring;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.config.ReplicaType;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.Codec;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replicate.DatabaseFinder;
import dev.replicator.replicate.DatabasePlan;
import dev.replicator.replicate.DirectoryDiscovery;
import dev.replicator.replicate.ReplicaSchedule;
import dev.replicator.retention.RetentionPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns validated configuration into what {@link dev.replicator.replicate.Replication} runs. */
public final class Plans {

    private Plans() {
    }

    /** The plans of the {@code path:} entries. */
    public static List<DatabasePlan> of(Config config) {
        return config.dbs().stream().map(Plans::of).toList();
    }

    public static DatabasePlan of(DbConfig db) {
        List<DatabasePlan.ReplicaPlan> replicas = new ArrayList<>();
        for (ReplicaConfig r : db.replicas()) {
            replicas.add(new DatabasePlan.ReplicaPlan(r.name(), ReplicaClients.create(r, Optional.of(db.path())),
                    r.syncInterval(),
                    ReplicaCodecs.forUploads(db, r), schedule(r)));
        }
        return new DatabasePlan(settings(db), db.monitorInterval(), replicas);
    }

    /**
     * How to build the plan of each database found under a {@code dir:} entry. The replicas' clients (an S3 client
     * holds connections and threads) and codecs are made once per entry and shared by its databases.
     */
    public static DirectoryDiscovery.Entry forDir(DirConfig dir) {
        DbConfig template = dir.template();
        List<ReplicaClient> roots = new ArrayList<>();
        List<Codec> codecs = new ArrayList<>();
        for (ReplicaConfig r : template.replicas()) {
            roots.add(ReplicaClients.create(r));
            codecs.add(ReplicaCodecs.forUploads(template, r));
        }
        return new DirectoryDiscovery.Entry(dir, db -> {
            DbConfig config = DatabaseFinder.forDatabase(dir, db);
            String relative = DatabaseFinder.relativePath(dir, db);
            List<DatabasePlan.ReplicaPlan> replicas = new ArrayList<>();
            for (int i = 0; i < template.replicas().size(); i++) {
                ReplicaConfig r = template.replicas().get(i);
                // A file client is only a path: each database gets its own, writing with that database's mode.
                ReplicaClient client = r.type() == ReplicaType.FILE
                        ? ReplicaClients.create(config.replicas().get(i), Optional.of(config.path()))
                        : roots.get(i).under(relative);
                replicas.add(new DatabasePlan.ReplicaPlan(r.name(), client, r.syncInterval(), codecs.get(i),
                        schedule(r)));
            }
            return new DatabasePlan(settings(config), config.monitorInterval(), replicas);
        }, roots);
    }

    private static ReplicaSchedule schedule(ReplicaConfig r) {
        return new ReplicaSchedule(r.snapshotInterval(), new RetentionPolicy(r.retention(), r.retentionKeep()),
                r.retentionCheckInterval(), r.verifyInterval());
    }

    private static DatabaseSettings settings(DbConfig db) {
        return new DatabaseSettings(db.path(), db.busyTimeout(), db.minCheckpointPageCount(),
                db.maxCheckpointPageCount(), db.checkpointInterval());
    }
}
