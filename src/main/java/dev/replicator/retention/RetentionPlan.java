package dev.replicator.retention;

import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;

import java.util.List;

/** What retention keeps and deletes in one replica. */
public record RetentionPlan(List<SnapshotInfo> keptSnapshots, List<SnapshotInfo> deleteSnapshots,
                            List<SegmentInfo> deleteSegments, List<String> deleteGenerations) {

    public RetentionPlan {
        keptSnapshots = List.copyOf(keptSnapshots);
        deleteSnapshots = List.copyOf(deleteSnapshots);
        deleteSegments = List.copyOf(deleteSegments);
        deleteGenerations = List.copyOf(deleteGenerations);
    }

    public boolean deletesNothing() {
        return deleteSnapshots.isEmpty() && deleteSegments.isEmpty() && deleteGenerations.isEmpty();
    }
}
