package dev.replicator.bench;

/**
 * One write workload: one database, one row of {@code rowBytes} per transaction at {@code rate} per second for
 * {@code seconds}; {@code idleSeconds} &gt; 0 adds an idle window after it, {@code restore} a timed restore.
 */
public record WorkloadSpec(String name, String description, int rowBytes, double rate, double seconds,
                           double idleSeconds, boolean restore) {
}
