package dev.replicator.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creating the bench's databases and reading what a restore produced. */
public final class Databases {

    private Databases() {
    }

    /** A new database in WAL mode (page size 4096) with the writer's table. */
    public static void create(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size = 4096");
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)");
        }
    }

    /** Rows in t, or -1 if the file is not a readable database with that table. */
    public static long rows(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }
}
