package dev.replicator.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The "app" of end-to-end tests, run as its own JVM: commits numbered transactions of mixed sizes
 * into table t, in WAL mode with SQLite's default auto-checkpoint. Row content is a pure function
 * of (seed, big-every, transaction number), so a test can compute what a restore must contain.
 *
 * <pre>
 * java -cp TEST_CLASSPATH dev.replicator.testing.AppWriter --db PATH --transactions N [--rate TPS]
 *      [--big-every K] [--big-rows R] [--cache-kib C] [--checkpoint-truncate-at N] [--log FILE] [--seed S]
 *      [--resume]
 * </pre>
 *
 * --rate 0 (the default) writes as fast as it can. --resume continues after the highest transaction already in
 * the database (an app restarted after a crash), so transactions stay numbered without gaps. --big-rows sets the
 * 64 KiB rows of a --big-every transaction (default 80); --cache-kib sets the app's page cache, and so the size from
 * which an open transaction spills uncommitted frames into the WAL. --log gets each transaction number after its
 * commit, so every logged transaction committed (the one in flight at a kill may have too).
 */
public final class AppWriter {

    public static final long DEFAULT_SEED = 1;
    /** Rows of a --big-every transaction: 80 x 64 KiB = 5 MiB, over 1000 pages of 4 KiB. */
    static final int BIG_ROWS = 80;
    static final int BIG_ROW_BYTES = 64 * 1024;

    private static final String USAGE = "usage: AppWriter --db PATH --transactions N [--rate TPS]"
            + " [--big-every K] [--big-rows R] [--cache-kib C] [--checkpoint-truncate-at N] [--log FILE] [--seed S]"
            + " [--resume]";

    record Options(Path db, int transactions, double rate, int bigEvery, int bigRows, int cacheKib,
                   int checkpointTruncateAt, Path log, long seed, boolean resume) {
    }

    record Row(long id, long n, byte[] payload, String note) {
        List<Object> dumped() {
            return List.of(id, n, SqliteFiles.blobDigest(payload), note);
        }
    }

    private AppWriter() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AppWriter: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            write(options);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Starts AppWriter in a new JVM with this JVM's java and class path; extraArgs as in main. */
    public static ManagedProcess launch(Path db, int transactions, String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                AppWriter.class.getName(),
                "--db", db.toString(), "--transactions", Integer.toString(transactions)));
        command.addAll(List.of(extraArgs));
        return ManagedProcess.start("appwriter", command, Map.of());
    }

    /** Transaction numbers recorded in a --log file, in commit order. */
    public static List<Integer> committed(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().filter(s -> !s.isBlank()).map(Integer::valueOf).toList();
    }

    /** What {@code SqliteFiles.tableDump(db, "t", "id")} must return after exactly these transactions. */
    public static List<List<Object>> expectedDump(long seed, int bigEvery, Collection<Integer> transactions) {
        return expectedDump(seed, bigEvery, BIG_ROWS, transactions);
    }

    /** As {@link #expectedDump(long, int, Collection)}, for a writer run with {@code --big-rows bigRows}. */
    public static List<List<Object>> expectedDump(long seed, int bigEvery, int bigRows,
                                                  Collection<Integer> transactions) {
        List<List<Object>> rows = new ArrayList<>();
        transactions.stream().sorted()
                .forEach(tx -> rows(seed, bigEvery, bigRows, tx).forEach(r -> rows.add(r.dumped())));
        return rows;
    }

    static List<Row> rows(long seed, int bigEvery, int tx) {
        return rows(seed, bigEvery, BIG_ROWS, tx);
    }

    static List<Row> rows(long seed, int bigEvery, int bigRows, int tx) {
        Random random = new Random(seed * 1_000_003L + tx);
        List<Row> rows = new ArrayList<>();
        int small = 1 + random.nextInt(5);
        for (int i = 0; i < small; i++) {
            add(rows, tx, payload(random, 80 + random.nextInt(41)));
        }
        if (random.nextInt(5) == 0) {
            add(rows, tx, payload(random, 7 * 1024 + random.nextInt(2048)));
        }
        if (random.nextInt(20) == 0) {
            add(rows, tx, payload(random, 64 * 1024 + random.nextInt(236 * 1024)));
        }
        if (bigEvery > 0 && tx % bigEvery == 0) {
            for (int i = 0; i < bigRows; i++) {
                add(rows, tx, payload(random, BIG_ROW_BYTES));
            }
        }
        return rows;
    }

    private static void add(List<Row> rows, int tx, byte[] payload) {
        int i = rows.size();
        rows.add(new Row(tx * 1000L + i, tx, payload, "tx " + tx + " row " + i + " bytes " + payload.length));
    }

    /** Random bytes; half of the payloads repeat a short prefix so compression has something to do. */
    private static byte[] payload(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (random.nextBoolean()) {
            for (int i = 61; i < length; i++) {
                bytes[i] = bytes[i % 61];
            }
        }
        return bytes;
    }

    static void write(Options o) throws SQLException, IOException, InterruptedException {
        try (Connection c = SqliteFiles.openWal(o.db());
             Writer log = o.log() == null ? Writer.nullWriter() : Files.newBufferedWriter(o.log(),
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, n INTEGER, payload BLOB, note TEXT)");
                if (o.cacheKib() > 0) {
                    st.execute("PRAGMA cache_size = -" + o.cacheKib());
                }
            }
            int first = o.resume() ? lastTransaction(c) + 1 : 1;
            c.setAutoCommit(false);
            long start = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t(id, n, payload, note) VALUES (?, ?, ?, ?)")) {
                for (int tx = first; tx <= o.transactions(); tx++) {
                    pace(start, tx - first + 1, o.rate());
                    for (Row row : rows(o.seed(), o.bigEvery(), o.bigRows(), tx)) {
                        insert.setLong(1, row.id());
                        insert.setLong(2, row.n());
                        insert.setBytes(3, row.payload());
                        insert.setString(4, row.note());
                        insert.executeUpdate();
                    }
                    c.commit();
                    log.write(tx + "\n");
                    log.flush();
                    if (tx == o.checkpointTruncateAt()) {
                        checkpointTruncate(c, tx);
                    }
                }
            }
        }
    }

    private static int lastTransaction(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(n), 0) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void pace(long startNanos, int tx, double rate) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long due = startNanos + (long) ((tx - 1) * 1e9 / rate);
        long waitNanos = due - System.nanoTime();
        if (waitNanos > 0) {
            Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
    }

    private static void checkpointTruncate(Connection c, int tx) throws SQLException {
        c.setAutoCommit(true); // a checkpoint cannot run inside the driver's open transaction
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            System.err.printf("AppWriter: wal_checkpoint(TRUNCATE) after tx %d: busy=%d log=%d checkpointed=%d%n",
                    tx, rs.getInt(1), rs.getInt(2), rs.getInt(3));
        }
        c.setAutoCommit(false);
    }

    static Options parse(String[] args) {
        Path db = null;
        Path log = null;
        int transactions = -1;
        double rate = 0;
        int bigEvery = 0;
        int bigRows = BIG_ROWS;
        int cacheKib = 0;
        int checkpointAt = 0;
        long seed = DEFAULT_SEED;
        boolean resume = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--resume")) {
                resume = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--db" -> db = Path.of(value);
                    case "--transactions" -> transactions = Integer.parseInt(value);
                    case "--rate" -> rate = Double.parseDouble(value);
                    case "--big-every" -> bigEvery = Integer.parseInt(value);
                    case "--big-rows" -> bigRows = Integer.parseInt(value);
                    case "--cache-kib" -> cacheKib = Integer.parseInt(value);
                    case "--checkpoint-truncate-at" -> checkpointAt = Integer.parseInt(value);
                    case "--log" -> log = Path.of(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown flag " + flag);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad number for " + flag + ": " + value);
            }
        }
        if (db == null || transactions < 0) {
            throw new IllegalArgumentException("--db and --transactions are required");
        }
        return new Options(db, transactions, rate, bigEvery, bigRows, cacheKib, checkpointAt, log, seed, resume);
    }
}
