package dev.replicator.cli;

import dev.replicator.config.Durations;
import dev.replicator.control.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code replicator snapshot}: a snapshot now, in every replica, e.g. before a migration. */
@Command(name = "snapshot", description = "Take a snapshot of each database now and upload it to every replica; "
        + "exits 0 once every replica stored it. Asks a running replicate to do it, if one runs.")
final class SnapshotCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Longest wait for each database's snapshot (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Parameters(paramLabel = "DB_PATH", arity = "0..*", description = "Databases from the config (default: all).")
    List<String> dbs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        return DatabaseWork.run(common, dbs, Request.Kind.SNAPSHOT, List.of(), Durations.parse(timeout));
    }
}
