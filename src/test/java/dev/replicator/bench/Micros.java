package dev.replicator.bench;

import java.time.Instant;

/** Wall-clock time in microseconds since the epoch: comparable between the writer's and the bench's processes. */
public final class Micros {

    private Micros() {
    }

    public static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
