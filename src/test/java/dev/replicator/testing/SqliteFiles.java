package dev.replicator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Small sqlite-jdbc helpers for tests: open in WAL mode, integrity check, row-by-row comparison. */
public final class SqliteFiles {

    private SqliteFiles() {
    }

    /** Opens (creating if needed) with journal_mode=WAL and busy_timeout=5000, in auto-commit mode. */
    public static Connection openWal(Path db) throws SQLException {
        Connection connection = connect(db);
        try (Statement st = connection.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
            try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                rs.next();
                if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                    connection.close();
                    throw new SQLException("could not switch " + db + " to WAL mode, got " + rs.getString(1));
                }
            }
        }
        return connection;
    }

    /**
     * Appends {@code rows} rows to {@code table(id INTEGER PRIMARY KEY, v TEXT)} of a WAL database, creating the
     * directories, the file and the table as needed; each v names the file and the row.
     */
    public static void appendRows(Path db, String table, int rows) throws IOException, SQLException {
        Files.createDirectories(db.toAbsolutePath().getParent());
        try (Connection c = openWal(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id INTEGER PRIMARY KEY, v TEXT)");
            for (int i = 0; i < rows; i++) {
                s.execute("INSERT INTO " + table + " (v) VALUES ('" + db.getFileName() + " row " + i + "')");
            }
        }
    }

    /** Runs each statement on {@code c}, in order. */
    public static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Opens an existing file without changing its journal mode (e.g. a restored file). */
    public static Connection open(Path db) throws SQLException {
        if (!Files.isRegularFile(db)) {
            throw new SQLException("no database file at " + db);
        }
        return connect(db);
    }

    private static Connection connect(Path db) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
    }

    /** The rows of PRAGMA integrity_check joined by newlines: "ok" for a sound file. */
    public static String integrityCheck(Path db) throws SQLException {
        try (Connection c = open(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join("\n", lines);
        }
    }

    /**
     * All rows of {@code table} ordered by {@code orderBy}. Integers come back as Long, blobs as
     * "blob:LENGTH:SHA256HEX" so big tables compare without holding their blobs.
     */
    public static List<List<Object>> tableDump(Path db, String table, String orderBy) throws SQLException {
        try (Connection c = open(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY " + orderBy)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(normalize(rs.getObject(i)));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The form {@link #tableDump} gives a blob. */
    public static String blobDigest(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "blob:" + bytes.length + ":" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** User tables, by name; skips sqlite_* and the bookkeeping tables of Litestream and replicator. */
    public static List<String> tables(Path db) throws SQLException {
        try (Connection c = open(db);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                     + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                     + " AND name NOT LIKE '\\_litestream\\_%' ESCAPE '\\'"
                     + " AND name NOT LIKE '\\_replicator%' ESCAPE '\\' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        }
    }

    /**
     * Fails unless both files pass integrity_check and hold the same rows in {@code tables}
     * (ordered by rowid); with no tables given, compares every user table of {@code expected}.
     */
    public static void assertSameContent(Path expected, Path actual, String... tables) throws SQLException {
        for (Path db : List.of(expected, actual)) {
            String check = integrityCheck(db);
            if (!"ok".equals(check)) {
                throw new AssertionError("integrity_check of " + db + ": " + check);
            }
        }
        List<String> names = tables.length > 0 ? Arrays.asList(tables) : tables(expected);
        if (tables.length == 0 && !names.equals(tables(actual))) {
            throw new AssertionError("tables differ: " + expected + " has " + names
                    + ", " + actual + " has " + tables(actual));
        }
        for (String table : names) {
            List<List<Object>> want = tableDump(expected, table, "rowid");
            List<List<Object>> got = tableDump(actual, table, "rowid");
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                if (!Objects.equals(want.get(i), got.get(i))) {
                    throw new AssertionError("table " + table + " differs at row " + i + ": expected "
                            + want.get(i) + " (" + expected + "), got " + got.get(i) + " (" + actual + ")");
                }
            }
            if (want.size() != got.size()) {
                throw new AssertionError("table " + table + ": " + expected + " has " + want.size()
                        + " rows, " + actual + " has " + got.size());
            }
        }
    }

    private static Object normalize(Object value) {
        if (value instanceof byte[] bytes) {
            return blobDigest(bytes);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
