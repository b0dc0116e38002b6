package dev.replicator.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The command line of {@code bench/run}; see bench/README.md. */
public record BenchOptions(int runs, double seconds, double lightSeconds, double idleSeconds, List<Integer> scaleCounts,
                           double scaleRate, double scaleSeconds, List<Tool> tools, List<String> workloadNames,
                           boolean workloads, boolean scale,
                           boolean replicatorDirConfig, Settings settings, Path workDir, Path resultsDir,
                           boolean keep) {

    static final String USAGE = """
            usage: bench/run [--quick] [--runs N] [--seconds S] [--light-seconds S] [--idle-seconds S]
                             [--scale-counts 1,100,1000] [--scale-rate TPS] [--scale-seconds S]
                             [--only workloads|scale] [--workloads small,large,light,sparse] [--tools replicator,litestream]
                             [--dir-config]
                             [--sync-interval 1s] [--monitor-interval 1s] [--work-dir DIR] [--keep]""";

    public static BenchOptions parse(String[] args, Path resultsDir) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int runs = quick ? 1 : 3;
        double seconds = quick ? 6 : 15;
        double lightSeconds = quick ? 6 : 15;
        double idleSeconds = quick ? 10 : 30;
        List<Integer> scaleCounts = quick ? List.of(1, 20) : List.of(1, 100, 1000);
        double scaleRate = 20;
        double scaleSeconds = quick ? 8 : 15;
        List<Tool> tools = List.of(Tool.REPLICATOR, Tool.LITESTREAM);
        List<String> workloadNames = List.of("small", "large", "light", "sparse");
        boolean workloads = true;
        boolean scale = true;
        boolean dirConfig = "1".equals(System.getenv("BENCH_DIR_CONFIG"));
        Settings d = Settings.defaults();
        String sync = d.syncInterval();
        String monitor = d.monitorInterval();
        Path workDir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--dir-config" -> dirConfig = true;
                case "--keep" -> keep = true;
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                case "--light-seconds" -> lightSeconds = Double.parseDouble(value(args, ++i, a));
                case "--idle-seconds" -> idleSeconds = Double.parseDouble(value(args, ++i, a));
                case "--scale-counts" -> scaleCounts = Arrays.stream(value(args, ++i, a).split(","))
                        .filter(s -> !s.isBlank()).map(String::trim).map(Integer::valueOf).toList();
                case "--scale-rate" -> scaleRate = Double.parseDouble(value(args, ++i, a));
                case "--scale-seconds" -> scaleSeconds = Double.parseDouble(value(args, ++i, a));
                case "--sync-interval" -> sync = value(args, ++i, a);
                case "--monitor-interval" -> monitor = value(args, ++i, a);
                case "--work-dir" -> workDir = Path.of(value(args, ++i, a));
                case "--workloads" -> workloadNames = List.of(value(args, ++i, a).split(","));
                case "--tools" -> {
                    List<Tool> chosen = new ArrayList<>();
                    for (String t : value(args, ++i, a).split(",")) {
                        chosen.add(Tool.valueOf(t.trim().toUpperCase()));
                    }
                    tools = chosen;
                }
                case "--only" -> {
                    String only = value(args, ++i, a);
                    workloads = only.equals("workloads");
                    scale = only.equals("scale");
                    if (!workloads && !scale) {
                        throw new IllegalArgumentException("--only takes workloads or scale");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        Settings settings = new Settings(sync, monitor, d.checkpointInterval(), d.minCheckpointPageCount(),
                d.maxCheckpointPageCount());
        return new BenchOptions(runs, seconds, lightSeconds, idleSeconds, scaleCounts, scaleRate, scaleSeconds, tools,
                workloadNames, workloads, scale, dirConfig, settings, workDir, resultsDir, keep);
    }

    /**
     * small: 100 B rows at 1,000 tx/s; large: 64 KiB rows at 50 tx/s; light: 100 B at 10 tx/s, then idle; sparse:
     * 100 B every 2 s, the pace of a small app, where each commit can be shipped alone for the same requests per MiB.
     */
    public List<WorkloadSpec> workloadSpecs() {
        return Stream.of(
                new WorkloadSpec("small", "100 B rows, 1,000 tx/s", 100, 1000, seconds, 0, true),
                new WorkloadSpec("large", "64 KiB rows, 50 tx/s", 64 * 1024, 50, seconds, 0, true),
                new WorkloadSpec("light", "100 B rows, 10 tx/s, then idle", 100, 10, lightSeconds, idleSeconds, false),
                new WorkloadSpec("sparse", "100 B rows, one every 2 s", 100, 0.5, 2 * lightSeconds, 0, false))
                .filter(w -> workloadNames.contains(w.name())).toList();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + flag);
        }
        return args[i];
    }
}
