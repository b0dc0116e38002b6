package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.restore.BackupSource;
import dev.replicator.wiring.BackupSources;
import dev.replicator.wiring.ConfiguredDatabases;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Resolves a DB_PATH (through the config) or a REPLICA_URL to the replicas to read from. */
final class ReplicaTargets {

    /** The replicas to read from, and the configured database they back up (empty for a replica URL). */
    record Resolved(Optional<Path> db, List<BackupSource> replicas) {
    }

    private ReplicaTargets() {
    }

    static boolean isUrl(String arg) {
        return arg.contains("://");
    }

    static Resolved resolve(String dbOrUrl, CommonOptions common, String replicaName) {
        return resolve(dbOrUrl, common, replicaName, List.of());
    }

    /** @param identityFiles age identity files for a replica URL (a configured replica has its own keys) */
    static Resolved resolve(String dbOrUrl, CommonOptions common, String replicaName, List<String> identityFiles) {
        if (!identityFiles.isEmpty() && !isUrl(dbOrUrl)) {
            throw new UsageException("-identity-file is for a replica URL; a database path uses the keys of its "
                    + "replica in the config (age: identities: or identity-file:)");
        }
        if (isUrl(dbOrUrl)) {
            ReplicaConfig r = ConfigLoader.replicaFromUrl(dbOrUrl, common.env(), identityFiles);
            return new Resolved(Optional.empty(), List.of(BackupSources.of(r)));
        }
        Config config = common.loadConfig();
        Path wanted = Path.of(dbOrUrl).toAbsolutePath().normalize();
        DbConfig db = ConfiguredDatabases.find(config, wanted)
                .orElseThrow(() -> new UsageException("database " + wanted + " is not in config " + common.configPath()
                        + ": add it under 'dbs' (path: or a dir: holding it), or pass a replica URL instead"));
        List<BackupSource> out = BackupSources.of(db, replicaName);
        if (out.isEmpty()) {
            throw new UsageException("database " + wanted + " has no replica named '" + replicaName
                    + "': the names are " + db.replicas().stream().map(ReplicaConfig::name).toList());
        }
        return new Resolved(Optional.of(db.path()), out);
    }
}
