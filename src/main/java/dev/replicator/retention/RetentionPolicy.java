package dev.replicator.retention;

import dev.replicator.config.RetentionKeep;

import java.time.Duration;
import java.util.Objects;

/**
 * What a replica keeps: every restore point (point in time) of the last {@code window}, plus the snapshots
 * {@code keep} selects, each restorable as it was taken.
 */
public record RetentionPolicy(Duration window, RetentionKeep keep) {

    public RetentionPolicy {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(keep, "keep");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("retention must be more than 0s");
        }
    }

    public static RetentionPolicy of(Duration window) {
        return new RetentionPolicy(window, RetentionKeep.NONE);
    }
}
