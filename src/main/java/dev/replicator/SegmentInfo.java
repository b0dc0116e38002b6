package dev.replicator;

import java.time.Instant;

/** A compressed WAL segment stored in a replica, starting at {@code offset} of WAL index {@code index}. */
public record SegmentInfo(String generation, long index, long offset, long size, Instant createdAt) {

    public Pos pos() {
        return new Pos(generation, index, offset);
    }
}
