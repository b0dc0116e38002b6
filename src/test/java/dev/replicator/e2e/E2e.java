package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.AppWriter;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Shared pieces of the end-to-end tests: config files, processes, replica listings and their layout, the WAL pin. */
final class E2e {

    static final Pattern SNAPSHOT_KEY =
            Pattern.compile("generations/([0-9a-f]{16})/snapshots/([0-9a-f]{8})\\.snapshot\\.lz4");
    static final Pattern WAL_KEY =
            Pattern.compile("generations/([0-9a-f]{16})/wal/([0-9a-f]{8})_([0-9a-f]{8})\\.wal\\.lz4");

    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(90);

    private static final long T0 = System.nanoTime();

    private E2e() {
    }

    /** Prints a progress line with the seconds since the class was loaded, so slow steps show in the test output. */
    static void step(String what) {
        System.out.printf("[e2e %6.1fs] %s%n", (System.nanoTime() - T0) / 1e9, what);
    }

    /** An S3 replica on the test's S3Proxy under {@code bucket/prefix}. */
    record S3Replica(String name, S3ProxyServer server, String bucket, String prefix) {

        /** The replica URL form, for restores without a config (credentials come from the environment). */
        String url() {
            return "s3://" + bucket + "/" + prefix + "?endpoint=" + server.endpoint() + "&region=" + server.region();
        }

        /** Object keys below the prefix, relative to it. */
        List<String> keys() {
            List<String> keys = new ArrayList<>();
            try (S3Client client = server.newClient()) {
                for (S3Object o : client.listObjectsV2Paginator(ListObjectsV2Request.builder()
                        .bucket(bucket).prefix(prefix + "/").build()).contents()) {
                    keys.add(o.key().substring(prefix.length() + 1));
                }
            }
            return keys;
        }

        Map<String, String> credentials() {
            return server.credentialsEnv();
        }
    }

    /**
     * A Litestream-style YAML config with the given S3 and file replicas (either may be null), logging at debug level
     * when the tests run with {@code -De2e.debug=true}.
     */
    static Path writeConfig(Path file, Path db, S3Replica s3, String fileReplicaName, Path fileReplica)
            throws IOException {
        StringBuilder y = new StringBuilder();
        if (Boolean.getBoolean("e2e.debug")) {
            y.append("logging:\n  level: debug\n");
        }
        y.append("dbs:\n");
        y.append("  - path: \"").append(db.toAbsolutePath()).append("\"\n");
        y.append("    replicas:\n");
        if (s3 != null) {
            y.append("      - name: ").append(s3.name()).append('\n');
            y.append("        type: s3\n");
            y.append("        bucket: ").append(s3.bucket()).append('\n');
            y.append("        path: ").append(s3.prefix()).append('\n');
            y.append("        endpoint: ").append(s3.server().endpoint()).append('\n');
            y.append("        region: ").append(s3.server().region()).append('\n');
            y.append("        force-path-style: true\n");
            y.append("        access-key-id: ").append(s3.server().accessKey()).append('\n');
            y.append("        secret-access-key: ").append(s3.server().secretKey()).append('\n');
        }
        if (fileReplica != null) {
            y.append("      - name: ").append(fileReplicaName).append('\n');
            y.append("        type: file\n");
            y.append("        path: \"").append(fileReplica.toAbsolutePath()).append("\"\n");
        }
        return ConfigFiles.writeOwnerOnly(file, y.toString()); // it holds an S3 secret
    }

    /** Creates the database in WAL mode with the AppWriter's table, so replicator can start before the app. */
    static void createAppDatabase(Path db) throws SQLException {
        try (Connection c = SqliteFiles.openWal(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, n INTEGER, payload BLOB, note TEXT)");
        }
    }

    /** Starts {@code replicator replicate -config F} and waits until its start-up sync and upload are done. */
    static ManagedProcess startReplicator(Path config) {
        ManagedProcess p = ReplicatorProcess.start("replicate", "-config", config.toString());
        awaitLog(p, "replicating db=");
        return p;
    }

    /** Waits until the process has logged {@code text}; fails early if it exits. */
    static void awaitLog(ManagedProcess p, String text) {
        Awaitility.await("'" + text + "' in the log of " + p.pid())
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (p.stderr().contains(text)) {
                        return true;
                    }
                    if (!p.isAlive()) {
                        throw new AssertionError("exited before logging '" + text + "': " + p.describe());
                    }
                    return false;
                });
    }

    /** SIGTERM, wait; asserts exit 0 (the final sync and upload succeeded). */
    static void stopCleanly(ManagedProcess p) {
        int exit = p.stop(PROCESS_TIMEOUT);
        assertThat(exit).as("exit code of replicator after SIGTERM: %s", p.describe()).isZero();
        assertThat(p.stderr()).as(p.describe()).contains("received SIGTERM; final sync");
    }

    static ProcessResult replicator(Map<String, String> env, String... args) {
        ProcessResult r = ReplicatorProcess.run(PROCESS_TIMEOUT, env, args);
        assertThat(r.exitCode()).as("replicator %s: %s", String.join(" ", args), r.describe()).isZero();
        return r;
    }

    /**
     * A read transaction held by the test, as an app's long-running reader would: while it is held, SQLite cannot
     * restart the WAL (a reader at a read mark above 0 blocks the restart; a reader at mark 0 blocks backfilling,
     * without which there is no restart). SQLite picks the mark, so {@link #acquire} proves the pin: the WAL header's
     * salts must be unchanged across a write transaction of the app that began after the read transaction did.
     */
    static final class WalPin implements AutoCloseable {
        private final Connection connection;

        private WalPin(Connection connection) {
            this.connection = connection;
        }

        static WalPin acquire(Path db, Path commitLog, ManagedProcess app) throws Exception {
            Path wal = Path.of(db + "-wal");
            for (int attempt = 1; attempt <= 20; attempt++) {
                byte[] before = walSalts(wal);
                Connection c = SqliteFiles.open(db);
                try (Statement st = c.createStatement()) {
                    st.execute("BEGIN");
                    st.executeQuery("SELECT COUNT(*) FROM t").close(); // a plain BEGIN takes no read mark
                    // Two more commits: the second one's transaction began after the first was logged, which is
                    // after the read transaction began.
                    int seen = AppWriter.committed(commitLog).size();
                    Awaitility.await("two commits by the app").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(5)).until(() -> {
                                if (!app.isAlive()) {
                                    throw new AssertionError("app exited early: " + app.describe());
                                }
                                return AppWriter.committed(commitLog).size() >= seen + 2;
                            });
                    if (before != null && Arrays.equals(before, walSalts(wal))) {
                        return new WalPin(c);
                    }
                } catch (Exception | Error e) {
                    c.close();
                    throw e;
                }
                c.close();
                step("WAL restarted while taking the pin, retrying");
            }
            throw new AssertionError("could not pin the WAL of " + db + " in 20 attempts");
        }

        @Override
        public void close() throws SQLException {
            try (Statement st = connection.createStatement()) {
                st.execute("ROLLBACK");
            } finally {
                connection.close();
            }
        }
    }

    /** The two salts of a WAL header (bytes 16..23), which change whenever SQLite restarts the WAL. */
    static byte[] walSalts(Path wal) throws IOException {
        try (FileChannel ch = FileChannel.open(wal)) {
            ByteBuffer buf = ByteBuffer.allocate(8);
            while (buf.hasRemaining()) {
                if (ch.read(buf, 16 + buf.position()) < 0) {
                    return null;
                }
            }
            return buf.array();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Every regular file below {@code root}, as a '/'-separated path relative to it. */
    static List<String> fileKeys(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a replica holds, parsed from its keys. */
    record Layout(Map<String, Set<Long>> snapshots, Map<String, Map<Long, List<Long>>> wal) {

        Set<String> generations() {
            Set<String> g = new TreeSet<>(snapshots.keySet());
            g.addAll(wal.keySet());
            return g;
        }

        /** WAL indexes of {@code gen} that have at least one segment. */
        Set<Long> walIndexes(String gen) {
            return wal.getOrDefault(gen, Map.of()).keySet();
        }

        int segmentCount() {
            return wal.values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).sum();
        }
    }

    /**
     * Asserts that every key is a snapshot or a WAL segment in Litestream v0.3's layout, that there is at least one
     * of each, and that every generation with WAL segments has a snapshot; returns what the keys describe.
     */
    static Layout assertLayout(String what, List<String> keys) {
        assertThat(keys).as("keys of %s", what).isNotEmpty();
        Map<String, Set<Long>> snapshots = new TreeMap<>();
        Map<String, Map<Long, List<Long>>> wal = new TreeMap<>();
        for (String key : keys) {
            Matcher s = SNAPSHOT_KEY.matcher(key);
            Matcher w = WAL_KEY.matcher(key);
            if (s.matches()) {
                snapshots.computeIfAbsent(s.group(1), g -> new TreeSet<>()).add(Long.parseLong(s.group(2), 16));
            } else if (w.matches()) {
                wal.computeIfAbsent(w.group(1), g -> new TreeMap<>())
                        .computeIfAbsent(Long.parseLong(w.group(2), 16), i -> new ArrayList<>())
                        .add(Long.parseLong(w.group(3), 16));
            } else {
                throw new AssertionError(what + " holds a key outside the Litestream v0.3 layout: " + key
                        + "\nall keys: " + keys);
            }
        }
        assertThat(snapshots).as("snapshots in %s: %s", what, keys).isNotEmpty();
        assertThat(wal).as("WAL segments in %s: %s", what, keys).isNotEmpty();
        for (String gen : wal.keySet()) {
            assertThat(snapshots).as("generation %s of %s has WAL but no snapshot", gen, what).containsKey(gen);
        }
        return new Layout(snapshots, wal);
    }
}
