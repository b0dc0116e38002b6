package dev.replicator.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * The shell text of an app's workload: {@code sqlite3} invocations (no {@code -bail}, so every failing statement is
 * reported and the script goes on) and file operations, run by {@code sh} with {@code $S} (the sqlite3 binary),
 * {@code $DB} (the app's database) and {@code $D} (its directory) set.
 */
final class AppScript {

    /** The app's table; the seed and every workload write rows of about 300 bytes. */
    static final String TABLE = "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, n INTEGER, payload BLOB)";

    private final List<String> lines = new ArrayList<>();

    /** One {@code sqlite3 $DB} process with the given busy timeout running {@code sql}. */
    AppScript sqlite(int busyTimeoutMillis, String... sql) {
        lines.add("\"$S\" \"$DB\" <<'EOF'\n.timeout " + busyTimeoutMillis + "\n" + String.join("\n", sql) + "\nEOF");
        return this;
    }

    /** One {@code sqlite3 $DB} process like {@link #sqlite}, in the background: a second connection of the app. */
    AppScript sqliteInBackground(int busyTimeoutMillis, String... sql) {
        sqlite(busyTimeoutMillis, sql);
        lines.set(lines.size() - 1, "{ " + lines.get(lines.size() - 1) + "\n} &");
        return this;
    }

    /** A shell command, e.g. {@code rm -f "$DB"}. */
    AppScript shell(String command) {
        lines.add(command);
        return this;
    }

    String text() {
        return "set -u\ncd \"$D\"\n" + String.join("\n", lines) + "\n";
    }

    /** {@code n} transactions of one row each, of {@code bytes} random bytes. */
    static String inserts(int n, int bytes) {
        return ("INSERT INTO t(n, payload) VALUES (abs(random()) % 1000, randomblob(" + bytes + "));\n").repeat(n);
    }

    /** One transaction of {@code n} rows: it grows the database. */
    static String bulkInsert(int n) {
        return "INSERT INTO t(n, payload) WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < "
                + n + ") SELECT i, randomblob(300) FROM k;";
    }

    /** A commit that changes one leaf page and does not grow the database. */
    static String touch() {
        return "UPDATE t SET n = n + 1 WHERE id = (SELECT MIN(id) FROM t);";
    }

    /** Creates the table in a new database in WAL mode and fills it a little, as the app's first use of a file. */
    static String[] fresh() {
        return new String[] {"PRAGMA journal_mode=wal;", TABLE + ";", bulkInsert(200)};
    }
}
