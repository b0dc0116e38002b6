package dev.replicator.config;

/**
 * {@code retention-keep}: how many snapshots to keep beyond {@code retention}, restic-style. Each count keeps the
 * newest snapshot of that many of the most recent hours, days, ISO weeks or months (UTC) that have one; {@code last}
 * keeps the newest snapshots whatever their time. All zero (the default) keeps nothing beyond {@code retention}.
 */
public record RetentionKeep(int last, int hourly, int daily, int weekly, int monthly) {

    public static final RetentionKeep NONE = new RetentionKeep(0, 0, 0, 0, 0);

    public RetentionKeep {
        if (last < 0 || hourly < 0 || daily < 0 || weekly < 0 || monthly < 0) {
            throw new IllegalArgumentException("retention-keep counts must be 0 or more");
        }
    }
}
