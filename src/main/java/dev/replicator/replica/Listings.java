package dev.replicator.replica;

import dev.replicator.Generations;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads a replica's generations with their snapshots and WAL segments, and picks the one a restore starts from. */
public final class Listings {

    private Listings() {
    }

    public static List<GenerationListing> of(ReplicaClient client) throws IOException {
        List<GenerationListing> out = new ArrayList<>();
        for (String gen : client.generations()) {
            out.add(new GenerationListing(gen, client.snapshots(gen), client.walSegments(gen)));
        }
        return out;
    }

    /**
     * The generation a restore to {@code at} (the latest point if empty) starts from: of those with a snapshot by
     * then, the one updated last. Retention keeps what this picks at its cutoff.
     */
    public static Optional<GenerationListing> generationAt(List<GenerationListing> generations, Optional<Instant> at) {
        return generations.stream()
                .filter(g -> !g.snapshots().isEmpty())
                .filter(g -> at.isEmpty() || g.snapshots().stream().anyMatch(s -> !s.createdAt().isAfter(at.get())))
                // S3 times are whole seconds: on a tie, the generation created later is the later one, by its
                // first snapshot, then by the time in its name
                .max(Comparator.comparing((GenerationListing g) -> g.updatedAt().orElse(Instant.MIN))
                        .thenComparing(g -> g.createdAt().orElse(Instant.MIN))
                        .thenComparing(g -> g.createdAt().flatMap(first -> Generations.createdAt(g.generation(), first))
                                .orElse(Instant.MIN)));
    }
}
