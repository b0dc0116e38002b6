package dev.replicator.bench;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** CPU seconds by thread name over a window: where a tool's CPU went. */
public record ThreadCpu(Map<String, Double> seconds) {

    public static final ThreadCpu NONE = new ThreadCpu(Map.of());

    public ThreadCpu {
        seconds = Map.copyOf(seconds);
    }

    /** The CPU of each thread name in {@code after} minus what it had in {@code before}. */
    public static ThreadCpu between(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> diff = new HashMap<>();
        after.forEach((name, s) -> diff.put(name, s - before.getOrDefault(name, 0.0)));
        return new ThreadCpu(diff);
    }

    /** The {@code n} busiest names, e.g. "main 1.20 s, pool-N-thread-N 0.40 s". */
    public String top(int n) {
        return seconds.entrySet().stream().filter(e -> e.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())).limit(n)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
