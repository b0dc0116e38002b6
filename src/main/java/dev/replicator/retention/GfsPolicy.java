package dev.replicator.retention;

/**
 * Snapshots kept beyond the retention window, as restic's {@code --keep-*} flags keep them: the {@code last} newest
 * snapshots, and the newest snapshot of each of the {@code hourly} (daily, weekly, monthly) most recent hours (days,
 * ISO weeks, months; UTC) that have a snapshot.
 */
public record GfsPolicy(int last, int hourly, int daily, int weekly, int monthly) {

    public static final GfsPolicy NONE = new GfsPolicy(0, 0, 0, 0, 0);

    public GfsPolicy {
        if (last < 0 || hourly < 0 || daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("GFS counts must be 0 or more");
        }
    }
}
