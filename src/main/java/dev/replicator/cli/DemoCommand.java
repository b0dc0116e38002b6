package dev.replicator.cli;

import dev.replicator.wiring.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** {@code replicator demo}: a database that gets a row every second, replicated to a local directory. */
@Command(name = "demo", description = "Replicate a demo database that gets a row per second to a local directory.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "-dir", paramLabel = "DIR", defaultValue = "replicator-demo",
            description = "Where the demo database and its replica live (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path root = dir.toAbsolutePath().normalize();
        Path db = root.resolve("demo.db");
        Path replica = root.resolve("replica");
        Files.createDirectories(root);
        ShutdownSignals signals = ShutdownSignals.install();
        try (Demo demo = Demo.start(db, replica, common.env(), Verbosity.isVerbose())) {
            System.out.println("Replicating " + db + " to " + replica + " (a row per second; Ctrl-C to stop).");
            System.out.println("Restore it any time, while this runs or after, with:");
            System.out.println("  bin/replicator restore -o /tmp/restored.db " + replica.toUri());
            System.out.println("  sqlite3 /tmp/restored.db 'SELECT count(*), max(at) FROM events'");
            try {
                long n = 0;
                while (!signals.await(1000)) {
                    demo.writeEvent(++n);
                }
            } catch (SQLException e) {
                System.err.println("replicator: demo writer stopped: " + e.getMessage());
            }
            boolean ok = demo.stop();
            System.out.println("Stopped. The replica in " + replica + " holds every row written.");
            return ok ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
