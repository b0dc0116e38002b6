package dev.replicator.db;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Opens the replicator's own connections to an application database and runs the few statements it needs. */
final class SqliteConnections {

    private SqliteConnections() {
    }

    /** Opens without ever creating the database: a missing file is the user's mistake, not an empty database. */
    static Connection open(Path db, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        Connection c = config.createConnection("jdbc:sqlite:" + db);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
        }
        return c;
    }

    /**
     * The connection that holds the long-running read transaction for as long as the database is replicated. It reads
     * a page or two (and checkpoints, which bypass the page cache), so its page cache is kept tiny: with a thousand
     * databases, SQLite's default first allocation of 20 pages per connection would be 20 MB.
     */
    static Connection openReader(Path db, Duration busyTimeout) throws SQLException {
        Connection c = open(db, busyTimeout);
        try {
            execute(c, "PRAGMA cache_size = 2");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * A connection for the brief write-lock handoffs, whose busy handler polls finely enough to win the lock between
     * two commits of an app that writes without pause.
     */
    static Connection openWriter(Path db, Duration busyTimeout) throws SQLException {
        Connection c = open(db, busyTimeout);
        try {
            PollingBusyHandler.install(c, busyTimeout);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs {@code PRAGMA wal_checkpoint(mode)} and returns {busy, walFrames, checkpointedFrames}. */
    static int[] checkpoint(Connection c, String mode) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
        }
    }
}
