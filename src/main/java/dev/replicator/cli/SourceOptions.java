package dev.replicator.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** The database path or replica URL a read-only command looks at, and an optional replica name. */
final class SourceOptions {

    @Mixin
    CommonOptions common;

    @Option(names = "-replica", paramLabel = "NAME", description = "Only this replica of the database.")
    String replica;

    @Parameters(paramLabel = "DB_PATH_OR_REPLICA_URL", arity = "1")
    String source;

    ReplicaTargets.Resolved targets() {
        return ReplicaTargets.resolve(source, common, replica);
    }

    ReplicaTargets.Resolved targets(List<String> identityFiles) {
        return ReplicaTargets.resolve(source, common, replica, identityFiles);
    }
}
