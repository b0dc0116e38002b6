package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.config.DbConfig;
import dev.replicator.config.Durations;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replicate.Replication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code replicator replicate}: keeps every configured database replicated until a signal or the child exits. */
@Command(name = "replicate", description = "Replicate databases continuously (from the config, or DB_PATH REPLICA_URL...).")
final class ReplicateCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ReplicateCommand.class);

    @Mixin
    CommonOptions common;

    @Option(names = "-exec", paramLabel = "CMD",
            description = "Run CMD as a child process; stop replicating (after a final sync) when it exits.")
    String exec;

    @Option(names = "-shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Longest wait for the final sync and upload on shutdown (default: ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    @Parameters(paramLabel = "DB_PATH REPLICA_URL", arity = "0..*",
            description = "A database and one or more replica URLs, instead of a config file.")
    List<String> args;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config = config();
        Duration timeout = Durations.parse(shutdownTimeout);
        String command = exec != null ? exec : config.exec().orElse(null);
        if (!Verbosity.isVerbose()) {
            Verbosity.setLevel(config.logging().level().name());
        }
        ShutdownSignals signals = ShutdownSignals.install();
        Replication replication = new Replication(Plans.of(config), Clock.systemUTC(), Verbosity.isVerbose());
        replication.start();
        for (DbConfig db : config.dbs()) {
            for (ReplicaConfig r : db.replicas()) {
                log.info("replicating db={} to replica={} ({})", db.path(), r.name(), r.describe());
            }
        }
        int exit;
        if (command != null) {
            ChildProcess child = ChildProcess.start(command);
            signals.onEachSignal(child::forward);
            exit = child.waitFor();
            log.info("child exited with code {}; final sync", exit);
        } else {
            String signal = signals.await();
            log.info("received SIG{}; final sync", signal);
            exit = ExitCodes.OK;
        }
        boolean complete = replication.shutdown(timeout);
        if (!complete && command == null) {
            exit = ExitCodes.FAILURE;
        }
        return exit;
    }

    private Config config() {
        if (args == null || args.isEmpty()) {
            return common.loadConfig();
        }
        if (common.config != null) {
            throw new UsageException("give either -config or DB_PATH REPLICA_URL..., not both");
        }
        if (args.size() < 2) {
            throw new UsageException("replicate " + args.get(0) + " needs at least one REPLICA_URL, "
                    + "e.g. file:///var/backups/app or s3://bucket/app");
        }
        return ConfigLoader.fromArgs(Path.of(args.get(0)), args.subList(1, args.size()), common.env());
    }
}
