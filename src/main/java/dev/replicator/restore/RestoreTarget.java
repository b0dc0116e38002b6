package dev.replicator.restore;

import java.time.Instant;
import java.util.Optional;

/** What point to restore: the latest, the state at a time, or the end of one WAL index of one generation. */
public record RestoreTarget(Optional<String> generation, Optional<Long> index, Optional<Instant> timestamp) {

    public RestoreTarget {
        if (index.isPresent() && generation.isEmpty()) {
            throw new IllegalArgumentException("-index needs -generation: name the generation the index belongs to");
        }
        if (index.isPresent() && timestamp.isPresent()) {
            throw new IllegalArgumentException("-index and -timestamp exclude each other: pick one");
        }
    }

    public static RestoreTarget latest() {
        return new RestoreTarget(Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        generation.ifPresent(g -> b.append("generation ").append(g));
        index.ifPresent(i -> b.append(b.isEmpty() ? "" : ", ").append(String.format("index %08x", i)));
        timestamp.ifPresent(t -> b.append(b.isEmpty() ? "" : ", ").append("at ").append(t));
        return b.isEmpty() ? "latest" : b.toString();
    }
}
