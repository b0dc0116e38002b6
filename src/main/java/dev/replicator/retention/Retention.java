package dev.replicator.retention;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.Listings;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Enforces a {@link RetentionPolicy} on one replica: lists it, plans, deletes. */
public final class Retention {

    private Retention() {
    }

    /**
     * @param protectedGenerations generations being written (the database's current one, and the one the replica
     *                             is still uploading to); never deleted whole
     */
    public static RetentionPlan enforce(ReplicaClient client, RetentionPolicy policy, Set<String> protectedGenerations,
                                        Instant now) throws IOException {
        RetentionPlan plan = RetentionPlanner.plan(Listings.of(client), protectedGenerations, now, policy);
        // Snapshots first: an interrupted run then leaves WAL that nothing needs (deleted next time), never a kept
        // snapshot without its WAL.
        for (SnapshotInfo s : plan.deleteSnapshots()) {
            client.deleteSnapshot(s.generation(), s.index());
        }
        Map<String, List<Pos>> segments = plan.deleteSegments().stream().collect(Collectors.groupingBy(
                SegmentInfo::generation, LinkedHashMap::new,
                Collectors.mapping(SegmentInfo::pos, Collectors.toList())));
        for (List<Pos> positions : segments.values()) {
            client.deleteWalSegments(positions);
        }
        for (String generation : plan.deleteGenerations()) {
            client.deleteGeneration(generation);
        }
        return plan;
    }
}
