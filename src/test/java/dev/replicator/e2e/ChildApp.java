package dev.replicator.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;

import sun.misc.Signal;

/**
 * The app of the {@code -exec} tests, run by replicator as its child:
 * {@code ChildApp --db PATH --dir DIR [--rows N] [--exit CODE] [--wait-for-signal]}.
 *
 * <ul>
 * <li>{@code DIR/started}: the number of rows in table t when it started (-1 without the table), written first.
 * <li>Commits N rows into t, one per transaction, and appends each id to {@code DIR/committed} after its commit.
 * <li>With --wait-for-signal it writes {@code DIR/ready} and waits: SIGHUP is appended to {@code DIR/signals} and
 *     ignored; SIGTERM or SIGINT is appended too, then one more row is committed and it exits with CODE.
 * </ul>
 */
public final class ChildApp {

    private ChildApp() {
    }

    public static void main(String[] args) throws Exception {
        Path db = null;
        Path dir = null;
        int rows = 0;
        int exit = 0;
        boolean waitForSignal = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> db = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--exit" -> exit = Integer.parseInt(args[++i]);
                case "--wait-for-signal" -> waitForSignal = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
                Files.writeString(dir.resolve("started"), Long.toString(count(st)));
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, note TEXT)");
            }
            for (int i = 0; i < rows; i++) {
                insert(c, dir, "row");
            }
            if (waitForSignal) {
                awaitStop(c, dir);
            }
        }
        System.exit(exit);
    }

    private static long count(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void insert(Connection c, Path dir, String note) throws SQLException, IOException {
        long id;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM t")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t(id, note) VALUES (?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, note);
            ps.executeUpdate();
        }
        append(dir.resolve("committed"), Long.toString(id));
    }

    private static void awaitStop(Connection c, Path dir) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[] {"HUP", "TERM", "INT"}) {
            Signal.handle(new Signal(name), sig -> {
                try {
                    append(dir.resolve("signals"), sig.getName());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                if (!sig.getName().equals("HUP")) {
                    stop.countDown();
                }
            });
        }
        Files.writeString(dir.resolve("ready"), "ready");
        stop.await();
        insert(c, dir, "written after the stop signal");
    }

    private static synchronized void append(Path file, String line) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
