package dev.replicator.torture;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An app in this JVM: a thread that commits rows of mixed sizes (some over a page, now and then a big batch) into
 * table t, and every so often runs a checkpoint of its own, until stopped. For tests that compare a restore with the
 * live file rather than count transactions.
 */
final class AppLoad implements AutoCloseable {

    private static final String[] MODES = {"PASSIVE", "FULL", "RESTART", "TRUNCATE"};

    private final Connection app;
    private final Random random;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger commits = new AtomicInteger();
    private final Thread thread;
    private volatile Exception failure;

    private AppLoad(Connection app, long seed, int pauseMillis, boolean checkpoints) {
        this.app = app;
        this.random = new Random(seed);
        this.thread = new Thread(() -> run(pauseMillis, checkpoints), "app-load");
    }

    /**
     * Creates the database (WAL mode) and table t if needed, and returns its path. Start replication between this and
     * {@link #start}: an app that writes without pause can keep the write lock from a replicator that is starting.
     */
    static Path create(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v BLOB)");
        }
        return db;
    }

    /** Creates the database if needed and starts writing. */
    static AppLoad start(Path db, long seed, int pauseMillis, boolean checkpoints) throws SQLException {
        create(db);
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 5000");
        }
        AppLoad load = new AppLoad(c, seed, pauseMillis, checkpoints);
        load.thread.start();
        return load;
    }

    private void run(int pauseMillis, boolean checkpoints) {
        try (PreparedStatement insert = app.prepareStatement("INSERT INTO t(v) VALUES (randomblob(?))")) {
            while (running.get()) {
                int rows = random.nextInt(25) == 0 ? 200 : 1 + random.nextInt(4);
                app.setAutoCommit(false);
                for (int i = 0; i < rows; i++) {
                    insert.setInt(1, random.nextInt(4) == 0 ? 6000 : 100 + random.nextInt(400));
                    insert.executeUpdate();
                }
                app.commit();
                app.setAutoCommit(true);
                commits.incrementAndGet();
                if (checkpoints && random.nextInt(30) == 0) {
                    checkpoint(MODES[random.nextInt(MODES.length)]);
                }
                if (pauseMillis > 0) {
                    Thread.sleep(random.nextInt(2 * pauseMillis + 1));
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** With a short busy timeout: RESTART and TRUNCATE wait for the replicator's read mark, which stays. */
    private void checkpoint(String mode) throws SQLException {
        try (Statement s = app.createStatement()) {
            s.execute("PRAGMA busy_timeout = 50");
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
                rs.next();
            } catch (SQLException busy) {
                // SQLITE_BUSY while the replicator holds its read mark: the expected answer to RESTART and TRUNCATE
            } finally {
                s.execute("PRAGMA busy_timeout = 5000");
            }
        }
    }

    int commits() {
        return commits.get();
    }

    /** What stopped the app thread, if anything did: for failure messages. */
    String failure() {
        Exception e = failure;
        return e == null ? "app running" : "app stopped by " + e;
    }

    /** Stops writing; rethrows anything the app thread failed with. */
    void stop() throws Exception {
        running.set(false);
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }

    Connection connection() {
        return app;
    }

    @Override
    public void close() throws Exception {
        if (thread.isAlive()) {
            stop();
        }
        app.close();
    }
}
