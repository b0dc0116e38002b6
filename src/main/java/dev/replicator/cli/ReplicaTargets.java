package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.Codec;
import dev.replicator.replica.ReplicaClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Resolves a DB_PATH (through the config) or a REPLICA_URL to the replicas to read from. */
final class ReplicaTargets {

    record Target(String name, ReplicaClient client, Optional<Path> db, Codec codec) {
    }

    private ReplicaTargets() {
    }

    static boolean isUrl(String arg) {
        return arg.contains("://");
    }

    static List<Target> resolve(String dbOrUrl, CommonOptions common, String replicaName) {
        return resolve(dbOrUrl, common, replicaName, List.of());
    }

    /** @param identityFiles age identity files for a replica URL (a configured replica has its own keys) */
    static List<Target> resolve(String dbOrUrl, CommonOptions common, String replicaName, List<String> identityFiles) {
        if (!identityFiles.isEmpty() && !isUrl(dbOrUrl)) {
            throw new UsageException("-identity-file is for a replica URL; a database path uses the keys of its "
                    + "replica in the config (age: identities: or identity-file:)");
        }
        if (isUrl(dbOrUrl)) {
            ReplicaConfig r = ConfigLoader.replicaFromUrl(dbOrUrl, common.env(), identityFiles);
            return List.of(new Target(r.name(), ReplicaClients.create(r), Optional.empty(), ReplicaCodecs.create(r)));
        }
        Config config = common.loadConfig();
        Path wanted = Path.of(dbOrUrl).toAbsolutePath().normalize();
        DbConfig db = ConfiguredDatabases.find(config, wanted)
                .orElseThrow(() -> new UsageException("database " + wanted + " is not in config " + common.configPath()
                        + ": add it under 'dbs' (path: or a dir: holding it), or pass a replica URL instead"));
        List<Target> out = of(db, replicaName);
        if (out.isEmpty()) {
            throw new UsageException("database " + wanted + " has no replica named '" + replicaName
                    + "': the names are " + db.replicas().stream().map(ReplicaConfig::name).toList());
        }
        return out;
    }

    /** The replicas of a configured database, or only the one named {@code replicaName} if that is not null. */
    static List<Target> of(DbConfig db, String replicaName) {
        List<Target> out = new ArrayList<>();
        for (ReplicaConfig r : db.replicas()) {
            if (replicaName == null || replicaName.equals(r.name())) {
                out.add(new Target(r.name(), ReplicaClients.create(r), Optional.of(db.path()), ReplicaCodecs.create(r)));
            }
        }
        return out;
    }
}
