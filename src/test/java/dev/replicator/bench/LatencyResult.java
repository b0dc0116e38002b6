package dev.replicator.bench;

import java.util.List;

/**
 * One app run beside one sidecar: the latencies of the commits that succeeded (ms, sorted), the attempts, how many
 * failed and how many of those with SQLITE_BUSY, the app's measured seconds, and the seconds replicator reported
 * holding SQLite's write lock meanwhile (NaN for the others).
 */
public record LatencyResult(Sidecar sidecar, int busyTimeoutMs, int run, double[] sortedMs, int attempts, int failed,
                            int busy, double appSeconds, double writeLockSeconds, List<String> errors) {

    public double percentile(double p) {
        return Stats.percentile(sortedMs, p);
    }

    public double maxMs() {
        return sortedMs.length == 0 ? Double.NaN : sortedMs[sortedMs.length - 1];
    }

    /** Share of the app's wall time in which replicator held the write lock, in percent. */
    public double writeLockPercent() {
        return 100 * writeLockSeconds / appSeconds;
    }
}
