package dev.replicator.bench;

/**
 * One tool with {@code databases} databases for one run: CPU over the measured window, peak and end-of-window RSS,
 * the most threads seen, S3 requests in the window, and lag.
 */
public record ScaleResult(Tool tool, int databases, int run, double windowSeconds, double cpuSeconds,
                          long peakRssKib, long rssKib, int maxThreads, RequestCounts requests, LagStats lag,
                          double startSeconds) {

    /** CPU over the window as a percentage of one core. */
    public double cpuPercent() {
        return 100 * cpuSeconds / windowSeconds;
    }
}
