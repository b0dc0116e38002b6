package dev.replicator.bench;

/** One timed restore: wall seconds (process start to exit), the restored file's size, and whether it has every row. */
public record RestoreResult(double seconds, long bytes, boolean complete) {

    public static final RestoreResult NONE = new RestoreResult(Double.NaN, 0, false);

    public double mibPerSecond() {
        return bytes / 1048576.0 / seconds;
    }
}
