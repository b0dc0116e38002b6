package dev.replicator.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The bench's app, run as its own JVM: commits one row of {@code --row-bytes} per transaction at {@code --rate}
 * transactions per second for {@code --seconds}, into table t of one of the databases (picked at random when there are
 * several), with synchronous=NORMAL as WAL apps commonly run. After each commit it reads the database's wal-index
 * header and appends {@code DB_INDEX EPOCH_MICROS SALT1 END_OFFSET} to {@code --log}; at the end it prints
 * {@code transactions=N wal_bytes=B seconds=S}, where wal_bytes counts the WAL frames (page + 24-byte header) its
 * commits appended.
 *
 * <pre>java -cp TEST_CLASSPATH dev.replicator.bench.BenchWriter --dbs-file FILE --rate R --seconds S --row-bytes B --log FILE</pre>
 */
public final class BenchWriter {

    record Options(List<Path> dbs, double rate, double seconds, int rowBytes, Path log, long seed) {
    }

    private record Target(Connection connection, PreparedStatement insert, WalIndexHeader shm) {
    }

    private BenchWriter() {
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        List<Target> targets = new ArrayList<>();
        for (Path db : o.dbs()) {
            targets.add(open(db));
        }
        Random random = new Random(o.seed());
        long[] lastMxFrame = new long[targets.size()];
        int[] lastSalt = new int[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            WalIndexHeader.State s = targets.get(i).shm().read();
            lastMxFrame[i] = s.mxFrame();
            lastSalt[i] = s.salt1();
        }
        long walBytes = 0;
        int transactions = 0;
        long start = System.nanoTime();
        long end = start + (long) (o.seconds() * 1e9);
        try (BufferedWriter log = Files.newBufferedWriter(o.log())) {
            for (long due = start; due < end; due = start + (long) (transactions * 1e9 / o.rate())) {
                if (o.rate() <= 1) {
                    // Below one commit per second, a fixed beat would lock to the tools' 1 s ticks and measure the
                    // phase between them; commits land anywhere in ±40% of their slot instead.
                    due += (long) ((random.nextDouble() - 0.5) * 0.8e9 / o.rate());
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int db = random.nextInt(targets.size());
                Target t = targets.get(db);
                t.insert().setBytes(1, payload(random, o.rowBytes()));
                t.insert().executeUpdate();
                t.connection().commit();
                long at = Micros.now();
                WalIndexHeader.State s = t.shm().read();
                transactions++;
                long frames = s.salt1() == lastSalt[db] ? s.mxFrame() - lastMxFrame[db] : s.mxFrame();
                walBytes += Math.max(0, frames) * (WalFrameWalker.FRAME_HEADER_BYTES + s.pageSize());
                lastSalt[db] = s.salt1();
                lastMxFrame[db] = s.mxFrame();
                if (s.mxFrame() > 0) { // 0: a checkpoint restarted the WAL between commit and read
                    log.write(db + " " + at + " " + s.salt1() + " " + s.endOffset() + "\n");
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Target t : targets) {
            t.shm().close();
            t.connection().close();
        }
        System.out.printf("transactions=%d wal_bytes=%d seconds=%.3f%n", transactions, walBytes, seconds);
    }

    private static Target open(Path db) throws SQLException, IOException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 10000");
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = NORMAL");
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB)");
            st.executeQuery("SELECT count(*) FROM t").close(); // maps the -shm
        }
        c.setAutoCommit(false);
        return new Target(c, c.prepareStatement("INSERT INTO t(payload) VALUES (?)"),
                WalIndexHeader.open(Path.of(db + "-shm")));
    }

    /** Half random, half a repeated 16-byte pattern: compresses about 2:1, roughly like application data. */
    static byte[] payload(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        for (int i = length / 2; i < length; i++) {
            bytes[i] = bytes[i % 16];
        }
        return bytes;
    }

    static Options parse(String[] args) throws IOException {
        List<Path> dbs = new ArrayList<>();
        double rate = 10;
        double seconds = 10;
        int rowBytes = 100;
        Path log = null;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--db" -> dbs.add(Path.of(value));
                case "--dbs-file" -> Files.readAllLines(Path.of(value)).stream()
                        .filter(l -> !l.isBlank()).map(Path::of).forEach(dbs::add);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--row-bytes" -> rowBytes = Integer.parseInt(value);
                case "--log" -> log = Path.of(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (dbs.isEmpty() || log == null) {
            throw new IllegalArgumentException("--db or --dbs-file, and --log, are required");
        }
        return new Options(dbs, rate, seconds, rowBytes, log, seed);
    }
}
