package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.wiring.ConfiguredDatabases;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The databases named on the command line (all of the config's when none are), and a replica name to check. */
final class Selection {

    private Selection() {
    }

    static List<DbConfig> databases(Config config, List<String> paths, CommonOptions common) {
        if (paths == null || paths.isEmpty()) {
            return ConfiguredDatabases.all(config);
        }
        List<DbConfig> out = new ArrayList<>();
        for (String p : paths) {
            Path wanted = Path.of(p).toAbsolutePath().normalize();
            out.add(ConfiguredDatabases.find(config, wanted)
                    .orElseThrow(() -> new UsageException("database " + wanted + " is not in config "
                            + common.configPath() + ": add it under 'dbs' (path: or a dir: holding it), or name one "
                            + "that is there")));
        }
        return out;
    }

    static void requireReplica(List<DbConfig> dbs, String name) {
        for (DbConfig db : dbs) {
            if (db.replicas().stream().noneMatch(r -> r.name().equals(name))) {
                throw new UsageException("database " + db.path() + " has no replica named '" + name
                        + "': the names are " + db.replicas().stream().map(ReplicaConfig::name).toList());
            }
        }
    }
}
