package dev.replicator.torture;

import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Listings;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Restores the latest state of a replica in this JVM, with the same planner and applier the CLI uses. */
final class ReplicaRestore {

    private ReplicaRestore() {
    }

    /** The restored file at {@code out}, or empty while the replica holds no snapshot yet. */
    static Optional<Path> latest(ReplicaClient client, Path out) throws IOException {
        List<GenerationListing> listings = Listings.of(client);
        if (listings.stream().allMatch(g -> g.snapshots().isEmpty())) {
            return Optional.empty();
        }
        Files.deleteIfExists(out);
        new PlanApplier(client).apply(RestorePlanner.plan(listings, RestoreTarget.latest()), out);
        return Optional.of(out);
    }

    /** Restores a given generation to its end. */
    static Path generation(ReplicaClient client, String generation, Path out) throws IOException {
        Files.deleteIfExists(out);
        RestoreTarget target = new RestoreTarget(Optional.of(generation), Optional.empty(), Optional.empty());
        new PlanApplier(client).apply(RestorePlanner.plan(Listings.of(client), target), out);
        return out;
    }
}
