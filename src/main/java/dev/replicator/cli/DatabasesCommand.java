package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.wiring.ConfiguredDatabases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.stream.Collectors;

/** {@code replicator databases}: the configured databases and their replicas. */
@Command(name = "databases", description = "List the databases in the config (with those found in its dir: entries) "
        + "and their replicas.")
final class DatabasesCommand implements Runnable {

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        Config config = common.loadConfig();
        Table table = new Table("path", "replicas");
        for (DbConfig db : ConfiguredDatabases.all(config)) {
            table.add(db.path(), db.replicas().stream().map(r -> r.name() + "=" + r.describe())
                    .collect(Collectors.joining(",")));
        }
        table.print(System.out);
    }

    static String names(DbConfig db) {
        return db.replicas().stream().map(ReplicaConfig::name).collect(Collectors.joining(","));
    }
}
