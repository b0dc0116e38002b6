package dev.replicator.bench;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The commit-latency bench's app, run as its own JVM: {@code --commits} transactions of one row each
 * ({@code BEGIN; INSERT; COMMIT}), row sizes log-uniform from 100 B to 200 KB, at {@code --rate} a second (absolute
 * schedule; 0 = back to back), with {@code PRAGMA busy_timeout = --busy-timeout-ms} and synchronous=NORMAL. A failed
 * attempt is rolled back and not retried. Writes one commit latency in microseconds per line to {@code --out}; prints
 * {@code attempts=N failed=F busy=B seconds=S} and one {@code error COUNT STATEMENT MESSAGE} line per kind of failure.
 * A warm-up of {@code --warmup} commits (JIT, page cache) runs first and is not counted.
 *
 * <pre>java -cp TEST_CLASSPATH dev.replicator.bench.LatencyApp --db DB --commits N --rate R --busy-timeout-ms T --out FILE</pre>
 */
public final class LatencyApp {

    static final int MIN_BYTES = 100;
    static final int MAX_BYTES = 200_000;

    record Options(Path db, int commits, double rate, int busyTimeoutMs, int warmup, Path out, long seed) {
    }

    private LatencyApp() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Random random = new Random(o.seed());
        Map<String, Integer> errors = new TreeMap<>();
        int failed = 0;
        int busy = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + o.db());
             BufferedWriter out = Files.newBufferedWriter(o.out())) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL");
                st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB)");
            }
            try (Statement begin = c.createStatement(); Statement end = c.createStatement();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO t(payload) VALUES (?)")) {
                for (int i = 0; i < o.warmup(); i++) {
                    commit(begin, insert, end, BenchWriter.payload(random, size(random)));
                }
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA busy_timeout = " + o.busyTimeoutMs());
                }
                long start = System.nanoTime();
                for (int i = 0; i < o.commits(); i++) {
                    long due = o.rate() > 0 ? start + (long) (i * 1e9 / o.rate()) : 0;
                    byte[] payload = BenchWriter.payload(random, size(random));
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    long t0 = System.nanoTime();
                    String failedAt = commit(begin, insert, end, payload);
                    long micros = (System.nanoTime() - t0) / 1000;
                    if (failedAt == null) {
                        out.write(micros + "\n");
                    } else {
                        failed++;
                        if (failedAt.contains("SQLITE_BUSY")) {
                            busy++;
                        }
                        errors.merge(failedAt, 1, Integer::sum);
                    }
                }
                System.out.printf("attempts=%d failed=%d busy=%d seconds=%.3f%n", o.commits(), failed, busy,
                        (System.nanoTime() - start) / 1e9);
            }
        }
        errors.forEach((what, n) -> System.out.println("error " + n + " " + what));
    }

    /** One transaction; null if it committed, else the statement that failed and SQLite's message. */
    private static String commit(Statement begin, PreparedStatement insert, Statement end, byte[] payload) {
        String step = "BEGIN";
        try {
            begin.execute("BEGIN");
            step = "INSERT";
            insert.setBytes(1, payload);
            insert.executeUpdate();
            step = "COMMIT";
            end.execute("COMMIT");
            return null;
        } catch (SQLException e) {
            try {
                end.execute("ROLLBACK");
            } catch (SQLException ignored) {
                // no transaction left to roll back
            }
            String message = String.valueOf(e.getMessage()).replace('\n', ' ');
            int cut = message.indexOf(')');
            return step + " " + (message.startsWith("[") && cut > 0 ? message.substring(0, cut + 1) : message);
        }
    }

    /** Log-uniform from {@link #MIN_BYTES} to {@link #MAX_BYTES}: most rows small, a few large. */
    static int size(Random random) {
        return (int) Math.round(MIN_BYTES * Math.pow((double) MAX_BYTES / MIN_BYTES, random.nextDouble()));
    }

    static Options parse(String[] args) {
        Path db = null;
        Path out = null;
        int commits = 3000;
        double rate = 200;
        int busyTimeout = 5000;
        int warmup = 200;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--db" -> db = Path.of(value);
                case "--commits" -> commits = Integer.parseInt(value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--busy-timeout-ms" -> busyTimeout = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (db == null || out == null) {
            throw new IllegalArgumentException("--db and --out are required");
        }
        return new Options(db, commits, rate, busyTimeout, warmup, out, seed);
    }
}
