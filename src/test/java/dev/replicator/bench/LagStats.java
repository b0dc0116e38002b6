package dev.replicator.bench;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/** Commit-to-replica lag over one workload: percentiles in ms, and how many commits were found in the replica. */
public record LagStats(double p50Ms, double p99Ms, double maxMs, int found, int commits) {

    public static LagStats of(List<Commit> commits, IntFunction<String> databaseName, String bucket,
                              ReplicaWatcher watcher) {
        double[] lags = commits.stream().mapToDouble(c -> {
            OptionalLong seen = watcher.firstSeen(new CommitId(bucket, databaseName.apply(c.database()), c.point()));
            return seen.isPresent() ? (seen.getAsLong() - c.epochMicros()) / 1000.0 : Double.NaN;
        }).filter(d -> !Double.isNaN(d)).sorted().toArray();
        return new LagStats(Stats.percentile(lags, 50), Stats.percentile(lags, 99),
                lags.length == 0 ? Double.NaN : lags[lags.length - 1], lags.length, commits.size());
    }

    /**
     * Waits until every commit was seen in the replica or {@code timeoutNanos} passed. Checks resume at the first
     * commit not yet seen, so waiting on many commits stays cheap.
     */
    public static void awaitAll(List<Commit> commits, IntFunction<String> databaseName, String bucket,
                                ReplicaWatcher watcher, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        int next = 0;
        while (System.nanoTime() < deadline) {
            while (next < commits.size() && watcher.firstSeen(new CommitId(bucket,
                    databaseName.apply(commits.get(next).database()), commits.get(next).point())).isPresent()) {
                next++;
            }
            if (next == commits.size()) {
                return;
            }
            Thread.sleep(50);
        }
    }
}
