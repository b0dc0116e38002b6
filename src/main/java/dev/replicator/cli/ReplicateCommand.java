package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.config.Durations;
import dev.replicator.config.ListenAddress;
import dev.replicator.replicate.Replication;
import dev.replicator.server.Heartbeat;
import dev.replicator.server.MetricsServer;
import dev.replicator.wiring.ConfiguredReplication;
import dev.replicator.wiring.ControlEndpoints;
import dev.replicator.wiring.RestoreOnStart;
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
            description = "Run CMD as a child process once replication runs; forward SIGINT, SIGTERM and SIGHUP to "
                    + "it; when it exits, do a final sync and exit with its exit code (overrides exec in the config).")
    String exec;

    @Option(names = "-shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Longest wait for the final sync and upload on shutdown (default: ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    @Option(names = "-restore-if-db-missing",
            description = "Restore each database that does not exist from its replicas before replicating and before "
                    + "-exec; with no backup yet, create it empty. For a dir: entry, restore every database its "
                    + "replicas hold that is missing here (also restore-if-db-missing per db in the config).")
    boolean restoreIfDbMissing;

    @Option(names = "-addr", paramLabel = "HOST:PORT",
            description = "Serve GET /metrics and /healthz on this address, like :9090 (overrides addr in the config).")
    String addr;

    @Parameters(paramLabel = "DB_PATH REPLICA_URL", arity = "0..*",
            description = "A database and one or more replica URLs, instead of a config file.")
    List<String> args;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config = config();
        Duration timeout = timeout();
        String command = exec != null ? exec : config.exec().orElse(null);
        ListenAddress listen = addr != null ? listenAddress(addr) : config.addr().orElse(null);
        LogFormat.apply(config.logging().format());
        if (!Verbosity.isVerbose()) {
            Verbosity.setLevel(config.logging().level().name());
        }
        ShutdownSignals signals = ShutdownSignals.install();
        RestoreOnStart.apply(config, restoreIfDbMissing);
        ConfiguredReplication running = ConfiguredReplication.start(config, timeout, Verbosity.isVerbose());
        Replication replication = running.replication();
        MetricsServer server = null;
        Heartbeat heartbeat = null;
        int exit = ExitCodes.FAILURE;
        boolean complete = false;
        try {
            if (listen != null) {
                server = MetricsServer.start(listen, replication::databases, replication::replicas,
                        config.healthWindow(), Clock.systemUTC(), config.apiToken(),
                        ControlEndpoints.of(replication, config.healthWindow()));
            }
            if (config.heartbeatUrl().isPresent()) {
                heartbeat = Heartbeat.start(config.heartbeatUrl().get(), config.heartbeatInterval(),
                        replication::databases, replication::replicas, config.healthWindow(), Clock.systemUTC());
            }
            exit = command != null ? supervise(command, signals) : untilSignal(signals);
        } finally {
            if (heartbeat != null) {
                heartbeat.close();
            }
            complete = running.shutdown(timeout);
            if (server != null) {
                server.close();
            }
        }
        if (!complete && command == null) {
            exit = ExitCodes.FAILURE;
        }
        return exit;
    }

    private static int untilSignal(ShutdownSignals signals) throws InterruptedException {
        String signal = signals.await();
        log.info("received SIG{}; final sync", signal);
        return ExitCodes.OK;
    }

    /** Runs the child until it exits; returns its exit code. A stop signal before it starts means no child. */
    private static int supervise(String command, ShutdownSignals signals) throws IOException, InterruptedException {
        if (signals.stopRequested()) {
            log.info("received SIG{} before the child started; not starting it; final sync", signals.received());
            return ExitCodes.OK;
        }
        ChildProcess child = ChildProcess.start(command);
        signals.forwardTo(child::forward);
        int exit = child.waitFor();
        log.info("child pid={} exited with code {}; final sync", child.pid(), exit);
        return exit;
    }

    private Duration timeout() {
        try {
            return Durations.parse(shutdownTimeout);
        } catch (IllegalArgumentException e) {
            throw new UsageException("-shutdown-timeout " + shutdownTimeout + ": " + e.getMessage());
        }
    }

    private static ListenAddress listenAddress(String listen) {
        try {
            return ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new UsageException("-addr '" + listen + "' must be HOST:PORT or :PORT, like :9090 or 127.0.0.1:9090");
        }
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
