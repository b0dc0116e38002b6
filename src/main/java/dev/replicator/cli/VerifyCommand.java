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

/** {@code replicator verify}: proves that each replica restores to what the database holds. */
@Command(name = "verify", description = "Restore each replica's latest point into a scratch file, check it with "
        + "PRAGMA integrity_check and compare it page by page with the database at the same WAL position; exits 1 "
        + "on any difference. Asks a running replicate to do it, if one runs.")
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "-replica", paramLabel = "NAME", description = "Only this replica.")
    String replica;

    @Option(names = "-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Longest wait for each database's drill (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Parameters(paramLabel = "DB_PATH", arity = "0..*", description = "Databases from the config (default: all).")
    List<String> dbs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        return DatabaseWork.run(common, dbs, Request.Kind.VERIFY, replica == null ? List.of() : List.of(replica),
                Durations.parse(timeout));
    }
}
