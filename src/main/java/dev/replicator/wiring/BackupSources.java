package dev.replicator.wiring;

import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.restore.BackupSource;

import java.util.ArrayList;
import java.util.List;

/** Opens the replicas to read backups from, as the configuration names them. */
public final class BackupSources {

    private BackupSources() {
    }

    /** A replica given on the command line as a URL. */
    public static BackupSource of(ReplicaConfig r) {
        return new BackupSource(r.name(), ReplicaClients.create(r), ReplicaCodecs.create(r));
    }

    /** The replicas of a configured database, or only the one named {@code replicaName} if that is not null. */
    public static List<BackupSource> of(DbConfig db, String replicaName) {
        List<BackupSource> out = new ArrayList<>();
        for (ReplicaConfig r : db.replicas()) {
            if (replicaName == null || replicaName.equals(r.name())) {
                out.add(of(r));
            }
        }
        return out;
    }
}
