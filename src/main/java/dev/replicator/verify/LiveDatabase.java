package dev.replicator.verify;

import dev.replicator.FileProtection;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** The verifier's own connection to the application database, and a page-exact copy of what it sees. */
final class LiveDatabase {

    private LiveDatabase() {
    }

    /** Opens without ever creating the database; the caller starts and ends the read transaction. */
    static Connection open(Path db, Duration busyTimeout) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        try {
            return config.createConnection("jdbc:sqlite:" + db);
        } catch (SQLException e) {
            throw new IOException("cannot open " + db + " to compare: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the database as {@code c}'s open read transaction sees it into {@code out}, page for page, with SQLite's
     * online backup (which reuses the source's transaction rather than starting a newer one).
     */
    static void copy(Connection c, Path out, FileProtection protection) throws IOException {
        Files.deleteIfExists(out);
        // SQLite keeps the mode of a file that exists (and gives its journal the same); one it creates gets 0644.
        Files.createFile(out, protection.fileAttribute());
        protection.claim(out);
        try {
            c.unwrap(SQLiteConnection.class).getDatabase().backup("main", out.toString(), null);
        } catch (SQLException e) {
            throw new IOException("cannot copy the live database for comparison into " + out + ": " + e.getMessage(),
                    e);
        }
    }

    static void endRead(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction left to end
        }
    }
}
