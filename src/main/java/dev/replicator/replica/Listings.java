package dev.replicator.restore;

import dev.replicator.replica.ReplicaClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a replica's generations with their snapshots and WAL segments. */
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
}
