package dev.replicator.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One run of the commit-latency bench: a fresh WAL database, the sidecar started on it with a file replica (and, for
 * replicator, {@code addr:} for its write-lock counter), its first snapshot awaited, then {@link LatencyApp} in its own
 * JVM; the sidecar gets SIGTERM after.
 */
public final class LatencyRun {

    private static final String WRITE_LOCK_METRIC = "replicator_db_write_lock_seconds_total";

    private final Tool.Paths paths;
    private final Path workDir;
    private final CommitLatencyOptions options;
    private final HttpClient http = HttpClient.newHttpClient();

    public LatencyRun(Tool.Paths paths, Path workDir, CommitLatencyOptions options) {
        this.paths = paths;
        this.workDir = workDir;
        this.options = options;
    }

    public LatencyResult run(Sidecar sidecar, int busyTimeoutMs, int run) throws Exception {
        Path dir = Files.createDirectories(workDir.resolve("run" + run + "-busy" + busyTimeoutMs + "-"
                + sidecar.name().toLowerCase()));
        Path db = dir.resolve("app.db");
        create(db);
        Optional<Tool> tool = sidecar.tool();
        if (tool.isEmpty()) {
            return app(sidecar, busyTimeoutMs, run, dir, db, null);
        }
        int port = freePort();
        String yaml = config(db, dir.resolve("replica"), port);
        if (tool.get() == Tool.REPLICATOR && System.getenv("BENCH_REPLICATOR_DEBUG") != null) {
            yaml = "logging:\n  level: debug\n" + yaml; // its checkpoint lines say how long it held the write lock
        }
        Path config = ToolConfig.write(dir.resolve("tool.yml"), yaml);
        try (ToolProcess p = ToolProcess.start(tool.get(), paths, config, dir.resolve("tool.log"))) {
            awaitSnapshot(dir.resolve("replica"), p);
            Thread.sleep(1000);
            URI metrics = tool.get() == Tool.REPLICATOR ? URI.create("http://127.0.0.1:" + port + "/metrics") : null;
            return app(sidecar, busyTimeoutMs, run, dir, db, metrics);
        }
    }

    private LatencyResult app(Sidecar sidecar, int busyTimeoutMs, int run, Path dir, Path db, URI metrics)
            throws Exception {
        double lockBefore = metrics == null ? Double.NaN : writeLockSeconds(metrics);
        Path latencies = dir.resolve("latencies.txt");
        Path out = dir.resolve("app.out");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LatencyApp.class.getName(), "--db", db.toString(), "--commits", Integer.toString(options.commits()),
                "--rate", Double.toString(options.rate()), "--busy-timeout-ms", Integer.toString(busyTimeoutMs),
                "--out", latencies.toString(), "--seed", Integer.toString(run));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the app failed: " + Files.readString(out));
        }
        double lockAfter = metrics == null ? Double.NaN : writeLockSeconds(metrics);
        List<String> lines = Files.readAllLines(out);
        String summary = lines.stream().filter(l -> l.startsWith("attempts=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no summary from the app in " + out));
        String[] f = Arrays.stream(summary.split(" ")).map(kv -> kv.split("=", 2)[1]).toArray(String[]::new);
        double[] ms = Files.readAllLines(latencies).stream().filter(l -> !l.isBlank())
                .mapToDouble(l -> Long.parseLong(l) / 1000.0).sorted().toArray();
        List<String> errors = lines.stream().filter(l -> l.startsWith("error ")).map(l -> l.substring(6)).toList();
        return new LatencyResult(sidecar, busyTimeoutMs, run, ms, Integer.parseInt(f[0]), Integer.parseInt(f[1]),
                Integer.parseInt(f[2]), Double.parseDouble(f[3]), lockAfter - lockBefore, errors);
    }

    private static void create(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB)");
            st.execute("INSERT INTO t(payload) VALUES (x'00')");
        }
    }

    private String config(Path db, Path replica, int port) {
        Settings s = options.settings();
        return "addr: 127.0.0.1:" + port + "\n"
                + "dbs:\n"
                + "  - path: " + db.toAbsolutePath() + "\n"
                + "    monitor-interval: " + s.monitorInterval() + "\n"
                + "    checkpoint-interval: " + s.checkpointInterval() + "\n"
                + "    min-checkpoint-page-count: " + s.minCheckpointPageCount() + "\n"
                + "    max-checkpoint-page-count: " + s.maxCheckpointPageCount() + "\n"
                + "    replicas:\n"
                + "      - type: file\n"
                + "        path: " + replica.toAbsolutePath() + "\n"
                + "        sync-interval: " + s.syncInterval() + "\n";
    }

    private static void awaitSnapshot(Path replica, ToolProcess p) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            p.requireAlive();
            if (Files.isDirectory(replica.resolve("generations"))) {
                try (Stream<Path> files = Files.walk(replica.resolve("generations"))) {
                    if (files.anyMatch(f -> f.getFileName().toString().endsWith(".snapshot.lz4"))) {
                        return;
                    }
                } catch (IOException e) {
                    // a file moved while walking; look again
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no snapshot in " + replica + " within 60 s");
    }

    private double writeLockSeconds(URI metrics) throws Exception {
        String body = http.send(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> found = new ArrayList<>();
        body.lines().filter(l -> l.startsWith(WRITE_LOCK_METRIC + "{")).forEach(found::add);
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + WRITE_LOCK_METRIC + " in " + metrics);
        }
        String line = found.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
