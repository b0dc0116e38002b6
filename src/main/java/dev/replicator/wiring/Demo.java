package dev.replicator.wiring;

import dev.replicator.config.ConfigLoader;
import dev.replicator.replicate.Replication;

import java.io.IOException;
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
import java.util.Map;

/** {@code replicator demo}: an app that writes events into a WAL database, and the replication of it to a directory. */
public final class Demo implements AutoCloseable {

    private final Connection app;
    private final Replication replication;
    private final PreparedStatement insert;

    private Demo(Connection app, Replication replication, PreparedStatement insert) {
        this.app = app;
        this.replication = replication;
        this.insert = insert;
    }

    /** Creates the database and its events table if needed, and starts replicating it to {@code replica}. */
    public static Demo start(Path db, Path replica, Map<String, String> env, boolean verbose)
            throws IOException, SQLException {
        Connection app = DriverManager.getConnection("jdbc:sqlite:" + db);
        try {
            try (Statement s = app.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at TEXT NOT NULL, note TEXT)");
            }
            Replication replication = new Replication(
                    Plans.of(ConfigLoader.fromArgs(db, List.of(replica.toUri().toString()), env)), Clock.systemUTC(),
                    verbose);
            replication.start();
            return new Demo(app, replication, app.prepareStatement("INSERT INTO events (at, note) VALUES (?, ?)"));
        } catch (IOException | SQLException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** Writes the {@code n}th event, as the app would. */
    public void writeEvent(long n) throws SQLException {
        insert.setString(1, Instant.now().toString());
        insert.setString(2, "demo event " + n);
        insert.executeUpdate();
    }

    /** The final sync; false if it did not complete. */
    public boolean stop() {
        return replication.shutdown(Duration.ofSeconds(30));
    }

    @Override
    public void close() throws SQLException {
        try {
            insert.close();
        } finally {
            app.close();
        }
    }
}
