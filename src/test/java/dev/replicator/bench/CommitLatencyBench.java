package dev.replicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The commit-latency bench (issue 12): an app in its own JVM commits a mix of row sizes to a WAL database with no
 * sidecar, beside replicator and beside Litestream v0.3.13 (file replica, same settings), for each busy timeout, in
 * one run. Started by bench/commit-latency.sh; prints a Markdown report of medians and writes it to bench/results/.
 */
public final class CommitLatencyBench {

    private CommitLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        CommitLatencyOptions options;
        try {
            options = CommitLatencyOptions.parse(args, root.resolve("bench/results"));
        } catch (IllegalArgumentException e) {
            System.err.println("commit-latency: " + e.getMessage() + "\n" + CommitLatencyOptions.USAGE);
            System.exit(2);
            return;
        }
        String litestream = System.getenv().getOrDefault("LITESTREAM_BIN",
                root.resolve(".tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream").toString());
        Tool.Paths paths = new Tool.Paths(root.resolve("bin/replicator"), Path.of(System.getProperty("bench.jar")),
                Path.of(litestream));
        Path workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("replicator-commit-latency-");
        long start = System.nanoTime();
        LatencyRun runner = new LatencyRun(paths, workDir, options);
        List<LatencyResult> results = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int run = 1; run <= options.runs(); run++) {
            for (int busyTimeout : options.busyTimeoutsMs()) {
                List<Sidecar> order = new ArrayList<>(options.sidecars());
                java.util.Collections.rotate(order, -(run - 1)); // each run starts with another sidecar
                for (Sidecar sidecar : order) {
                    String what = sidecar.label() + ", busy_timeout " + busyTimeout + " ms, run " + run;
                    Bench.progress("%s ...", what);
                    try {
                        LatencyResult r = runner.run(sidecar, busyTimeout, run);
                        results.add(r);
                        Bench.progress("%s: p50 %s p99 %s p99.9 %s max %s ms, %d/%d failed (%d busy), write lock %s%%",
                                what, Format.number(r.percentile(50)), Format.number(r.percentile(99)),
                                Format.number(r.percentile(99.9)), Format.number(r.maxMs()), r.failed(), r.attempts(),
                                r.busy(), Format.number(r.writeLockPercent()));
                    } catch (Exception e) {
                        failures.add(what + ": " + e);
                        Bench.progress("FAILED %s: %s", what, e);
                    }
                }
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String report = report(options, paths, results, failures, wall);
        System.out.println(report);
        Files.createDirectories(options.resultsDir());
        Path file = options.resultsDir().resolve("commit-latency-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, report);
        Bench.progress("report written to %s", file);
        if (!options.keep()) {
            deleteTree(workDir);
        }
    }

    static String report(CommitLatencyOptions o, Tool.Paths paths, List<LatencyResult> results, List<String> failures,
                         Duration wall) {
        StringBuilder out = new StringBuilder("# Commit latency beside replicator and Litestream v0.3.13\n\n");
        out.append("- command: `").append(System.getProperty("bench.command", "bench/commit-latency.sh"))
                .append("`\n");
        out.append(String.format(Locale.ROOT, "- wall time: %d min %d s; %d run(s), medians shown%n",
                wall.toMinutes(), wall.toSecondsPart(), o.runs()));
        out.append("- machine: ").append(Environment.describe()).append('\n');
        out.append("- replicator: ").append(paths.jar().getFileName()).append(" via bin/replicator; Litestream: ")
                .append(Environment.litestreamVersion(paths.litestream())).append('\n');
        Settings s = o.settings();
        out.append(String.format(Locale.ROOT, "- app: %d commits of one row (log-uniform %d B to %d KB) at %s tx/s,"
                        + " BEGIN/INSERT/COMMIT, synchronous=NORMAL, a failed attempt rolled back and not retried;"
                        + " sidecars: file replica, sync-interval %s, monitor-interval %s, checkpoint page counts %d/%d%n%n",
                o.commits(), LatencyApp.MIN_BYTES, LatencyApp.MAX_BYTES / 1000, Format.number(o.rate()),
                s.syncInterval(), s.monitorInterval(), s.minCheckpointPageCount(), s.maxCheckpointPageCount()));
        MarkdownTable t = new MarkdownTable("busy_timeout", "sidecar", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "failed attempts", "replicator write lock, % of wall time");
        MarkdownTable runs = new MarkdownTable("run", "busy_timeout", "sidecar", "p50 ms", "p99 ms", "p99.9 ms",
                "max ms", "failed", "write lock %", "errors");
        for (int busyTimeout : o.busyTimeoutsMs()) {
            for (Sidecar sidecar : o.sidecars()) {
                List<LatencyResult> rs = results.stream()
                        .filter(r -> r.sidecar() == sidecar && r.busyTimeoutMs() == busyTimeout).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                t.row(busyTimeout + " ms", sidecar.label(), median(rs, r -> r.percentile(50)),
                        median(rs, r -> r.percentile(99)), median(rs, r -> r.percentile(99.9)),
                        median(rs, LatencyResult::maxMs), failedMedian(rs) + " of " + rs.get(0).attempts(),
                        sidecar == Sidecar.REPLICATOR ? median(rs, LatencyResult::writeLockPercent) : "");
                for (LatencyResult r : rs) {
                    runs.row(Integer.toString(r.run()), busyTimeout + " ms", sidecar.label(),
                            Format.number(r.percentile(50)), Format.number(r.percentile(99)),
                            Format.number(r.percentile(99.9)), Format.number(r.maxMs()),
                            r.failed() + " (" + r.busy() + " busy)", Format.number(r.writeLockPercent()),
                            String.join("; ", r.errors()));
                }
            }
        }
        out.append(t);
        if (!failures.isEmpty()) {
            out.append("\n## Failures\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\n## Runs\n\n").append(runs);
        return out.toString();
    }

    private static String median(List<LatencyResult> rs, java.util.function.ToDoubleFunction<LatencyResult> f) {
        return Format.number(Stats.median(rs.stream().map(f::applyAsDouble).toList()));
    }

    private static String failedMedian(List<LatencyResult> rs) {
        double m = Stats.median(rs.stream().map(r -> (double) r.failed()).toList());
        return m == Math.rint(m) ? Long.toString((long) m) : Format.number(m);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
