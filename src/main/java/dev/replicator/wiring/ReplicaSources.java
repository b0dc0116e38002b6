package dev.replicator.wiring;

import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.restore.ReplicaSource;

import java.util.ArrayList;
import java.util.List;

/** Opens the replicas to read backups from, as the configuration names them. */
public final class ReplicaSources {

    private ReplicaSources() {
    }

    /** A replica given on the command line as a URL. */
    public static ReplicaSource of(ReplicaConfig r) {
        return new ReplicaSource(r.name(), ReplicaClients.create(r), ReplicaCodecs.create(r));
    }

    /** The replicas of a configured database, or only the one named {@code replicaName} if that is not null. */
    public static List<ReplicaSource> of(DbConfig db, String replicaName) {
        List<ReplicaSource> out = new ArrayList<>();
        for (ReplicaConfig r : db.replicas()) {
            if (replicaName == null || replicaName.equals(r.name())) {
                out.add(of(r));
            }
        }
        return out;
    }
}
