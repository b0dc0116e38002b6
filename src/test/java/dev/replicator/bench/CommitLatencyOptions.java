package dev.replicator.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line of {@code bench/commit-latency.sh}; see bench/README.md. */
public record CommitLatencyOptions(int runs, int commits, double rate, List<Integer> busyTimeoutsMs,
                                   List<Sidecar> sidecars, Settings settings, Path workDir, Path resultsDir,
                                   boolean keep) {

    static final String USAGE = """
            usage: bench/commit-latency.sh [--quick] [--runs N] [--commits N] [--rate TPS] [--busy-timeouts 5000,50,0]
                                           [--sidecars none,replicator,litestream] [--work-dir DIR] [--keep]""";

    public static CommitLatencyOptions parse(String[] args, Path resultsDir) {
        boolean quick = Arrays.asList(args).contains("--quick");
        int runs = quick ? 1 : 3;
        int commits = quick ? 1000 : 3000;
        double rate = 200;
        List<Integer> busyTimeouts = List.of(5000, 50, 0);
        List<Sidecar> sidecars = List.of(Sidecar.values());
        Path workDir = null;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> { }
                case "--keep" -> keep = true;
                case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
                case "--commits" -> commits = Integer.parseInt(value(args, ++i, a));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--busy-timeouts" -> busyTimeouts = Arrays.stream(value(args, ++i, a).split(","))
                        .map(String::trim).map(Integer::valueOf).toList();
                case "--sidecars" -> {
                    List<Sidecar> chosen = new ArrayList<>();
                    for (String s : value(args, ++i, a).split(",")) {
                        chosen.add(Sidecar.valueOf(s.trim().toUpperCase()));
                    }
                    sidecars = chosen;
                }
                case "--work-dir" -> workDir = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        return new CommitLatencyOptions(runs, commits, rate, busyTimeouts, sidecars, Settings.defaults(), workDir,
                resultsDir, keep);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value after " + flag);
        }
        return args[i];
    }
}
