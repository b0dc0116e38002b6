package dev.replicator.wiring;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replicate.DatabaseFinder;
import dev.replicator.restore.RestoreIfMissing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code replicate -restore-if-db-missing}: before replication starts, restores each missing database of the config
 * (see {@link RestoreIfMissing}). For a {@code dir:} entry, the databases to restore are those its replicas hold (a
 * lost node's tenants).
 */
public final class RestoreOnStart {

    private static final Logger log = LoggerFactory.getLogger(RestoreOnStart.class);

    private RestoreOnStart() {
    }

    /** For every entry that asks for it, or for all when {@code always}: its {@code path:}, then its {@code dir:}s. */
    public static void apply(Config config, boolean always) throws IOException {
        for (DbConfig db : config.dbs()) {
            if (always || db.restoreIfDbMissing()) {
                apply(db);
            }
        }
        for (DirConfig dir : config.dirs()) {
            if (always || dir.template().restoreIfDbMissing()) {
                applyDir(dir);
            }
        }
    }

    private static RestoreIfMissing.Outcome apply(DbConfig db) throws IOException {
        return RestoreIfMissing.apply(db.path(), () -> BackupSources.of(db, null), true);
    }

    /**
     * For a {@code dir:} entry: restores every database that some replica holds below its root, under the entry's
     * directory and pattern, and that does not exist here. The databases that exist, and the ones no replica knows,
     * are left as they are; discovery picks the restored ones up.
     *
     * @return the databases restored
     */
    private static List<Path> applyDir(DirConfig dir) throws IOException {
        Set<Path> known = new TreeSet<>();
        for (ReplicaConfig r : dir.template().replicas()) {
            try (ReplicaClient root = ReplicaClients.create(r)) {
                for (String relative : root.databasesBelow()) {
                    Path db = dir.dir().resolve(relative).normalize();
                    if (DatabaseFinder.covers(dir, db)) {
                        known.add(db);
                    }
                }
            }
        }
        List<Path> restored = new ArrayList<>();
        for (Path db : known) {
            DbConfig config = DatabaseFinder.forDatabase(dir, db);
            if (RestoreIfMissing.apply(config.path(), () -> BackupSources.of(config, null), false)
                    == RestoreIfMissing.Outcome.RESTORED) {
                restored.add(db);
            }
        }
        log.info("dir={}: {} database(s) in the replicas, {} restored, the others exist here", dir.dir(),
                known.size(), restored.size());
        return restored;
    }
}
