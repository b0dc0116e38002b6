package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.replicate.Replication;
import dev.replicator.wiring.Plans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        try (Connection app = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = app.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, note TEXT)");
            }
            Config config = ConfigLoader.fromArgs(db, List.of(replica.toUri().toString()), common.env());
            ShutdownSignals signals = ShutdownSignals.install();
            Replication replication = new Replication(Plans.of(config), Clock.systemUTC(), Verbosity.isVerbose());
            replication.start();
            System.out.println("Replicating " + db + " to " + replica + " (a row per second; Ctrl-C to stop).");
            System.out.println("Restore it any time, while this runs or after, with:");
            System.out.println("  bin/replicator restore -o /tmp/restored.db " + replica.toUri());
            System.out.println("  sqlite3 /tmp/restored.db 'SELECT count(*), max(at) FROM events'");
            try (PreparedStatement insert = app.prepareStatement("INSERT INTO events (at, note) VALUES (?, ?)")) {
                long n = 0;
                while (!signals.await(1000)) {
                    insert.setString(1, Instant.now().toString());
                    insert.setString(2, "demo event " + (++n));
                    insert.executeUpdate();
                }
            } catch (SQLException e) {
                System.err.println("replicator: demo writer stopped: " + e.getMessage());
            }
            boolean ok = replication.shutdown(Duration.ofSeconds(30));
            System.out.println("Stopped. The replica in " + replica + " holds every row written.");
            return ok ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
