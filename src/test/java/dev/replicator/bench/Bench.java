package dev.replicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark of issue 7: replicator against Litestream v0.3.13, in turn, with the same settings, against one
 * S3Proxy behind a counting proxy. Started by bench/run (which builds the jar and passes the paths); prints a Markdown
 * report and writes it to bench/results/. See bench/README.md.
 */
public final class Bench {

    private final BenchOptions options;
    private final BenchContext ctx;
    private final List<WorkloadResult> workloads = new ArrayList<>();
    private final List<ScaleResult> scale = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private Bench(BenchOptions options, BenchContext ctx) {
        this.options = options;
        this.ctx = ctx;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, root.resolve("bench/results"));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        String litestream = System.getenv().getOrDefault("LITESTREAM_BIN",
                root.resolve(".tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream").toString());
        Tool.Paths paths = new Tool.Paths(root.resolve("bin/replicator"), Path.of(System.getProperty("bench.jar")),
                Path.of(litestream));
        Path workDir = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("replicator-bench-");
        long start = System.nanoTime();
        double disk = DiskSpeed.mibPerSecond(workDir, 256);
        progress("disk: %.0f MiB/s sequential write (dd oflag=direct) in %s", disk, workDir);
        Bench bench;
        try (S3Stack s3 = S3Stack.start(workDir.resolve("s3"), 4096)) {
            BenchContext ctx = new BenchContext(s3, paths, workDir, options.settings(), options.replicatorDirConfig(),
                    Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(15));
            bench = new Bench(options, ctx);
            bench.runAll();
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        String report = bench.report(paths, disk, wall);
        System.out.println(report);
        Files.createDirectories(options.resultsDir());
        Path file = options.resultsDir().resolve(
                LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, report);
        progress("report written to %s", file);
        if (!options.keep()) {
            deleteTree(workDir);
        }
    }

    private void runAll() {
        for (int n = 1; n <= options.runs(); n++) {
            int run = n;
            List<Tool> tools = new ArrayList<>(options.tools());
            if (run % 2 == 0) {
                Collections.reverse(tools); // alternate who goes first
            }
            if (options.workloads()) {
                for (WorkloadSpec spec : options.workloadSpecs()) {
                    for (Tool tool : tools) {
                        attempt(tool.label() + " " + spec.name() + " run " + run, () -> {
                            WorkloadResult r = new WorkloadRun(ctx).run(tool, spec, run);
                            workloads.add(r);
                            progress("%s %s run %d: %.1f MiB WAL, CPU %.2f s, lag p99 %s ms, %d requests, restore %s s",
                                    tool.label(), spec.name(), run, r.writer().walMiB(), r.cpuSeconds(),
                                    Format.number(r.lag().p99Ms()), r.requests().total(),
                                    Format.number(r.restore().seconds()));
                        });
                    }
                }
            }
            if (options.scale()) {
                for (int count : options.scaleCounts()) {
                    for (Tool tool : tools) {
                        attempt(tool.label() + " scale " + count + " run " + run, () -> {
                            ScaleResult r = new ScaleRun(ctx, options.scaleRate(), options.scaleSeconds())
                                    .run(tool, count, run);
                            scale.add(r);
                            progress("%s scale %d run %d: start %.1f s, CPU %.1f%%, RSS %d MiB, %d threads, "
                                            + "lag p99 %s ms", tool.label(), count, run, r.startSeconds(),
                                    r.cpuPercent(), r.peakRssKib() / 1024, r.maxThreads(),
                                    Format.number(r.lag().p99Ms()));
                        });
                    }
                }
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void attempt(String what, Step step) {
        progress("%s ...", what);
        try {
            step.run();
        } catch (Exception e) {
            failures.add(what + ": " + e);
            progress("FAILED %s: %s", what, e);
        }
    }

    private String report(Tool.Paths paths, double disk, Duration wall) {
        Report report = new Report(options, workloads, scale, disk);
        StringBuilder out = new StringBuilder();
        out.append("# replicator vs Litestream v0.3.13\n\n");
        out.append("- command: `").append(System.getProperty("bench.command", "bench/run")).append("`\n");
        out.append(String.format(Locale.ROOT, "- wall time: %d min %d s; %d run(s) per figure, medians shown%n",
                wall.toMinutes(), wall.toSecondsPart(), options.runs()));
        out.append("- machine: ").append(Environment.describe()).append('\n');
        out.append("- replicator: ").append(paths.jar().getFileName()).append(" via bin/replicator, JVM options: ")
                .append(System.getenv().getOrDefault("REPLICATOR_JAVA_OPTS", "bin/replicator's defaults"))
                .append("; Litestream: ").append(Environment.litestreamVersion(paths.litestream())).append('\n');
        Settings s = options.settings();
        out.append("- both tools: sync-interval ").append(s.syncInterval()).append(", monitor-interval ")
                .append(s.monitorInterval()).append(", checkpoint-interval ").append(s.checkpointInterval())
                .append(", min/max-checkpoint-page-count ").append(s.minCheckpointPageCount()).append('/')
                .append(s.maxCheckpointPageCount()).append(options.replicatorDirConfig()
                        ? "; replicator's scale config uses `dir:` discovery" : "; every DB listed in the config")
                .append('\n');
        out.append("- MiB = MiB of WAL frames (page + 24-byte header) the writer's commits appended; S3 requests"
                + " counted at the server by a proxy in front of S3Proxy; lag = commit returned in the app →"
                + " the S3 server acknowledged the WAL segment holding it\n\n");
        out.append(report.table());
        if (!failures.isEmpty()) {
            out.append("\n## Failures\n\n");
            failures.forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\n## Runs\n\n").append(report.runs());
        return out.toString();
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %s] " + format + "%n",
                Stream.concat(Stream.of(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"))),
                        Stream.of(args)).toArray());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
