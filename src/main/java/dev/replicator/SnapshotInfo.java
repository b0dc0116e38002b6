package dev.replicator;

import java.time.Instant;

/** A snapshot stored in a replica: the whole database as of the start of WAL index {@code index}. */
public record SnapshotInfo(String generation, long index, long size, Instant createdAt) {

    public Pos pos() {
        return new Pos(generation, index, 0);
    }
}
