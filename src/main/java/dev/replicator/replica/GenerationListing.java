package dev.replicator.replica;

import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** What a replica holds of one generation. */
public record GenerationListing(String generation, List<SnapshotInfo> snapshots, List<SegmentInfo> segments) {

    /** The time of the newest object, or empty if the generation is empty. */
    public Optional<Instant> updatedAt() {
        return Stream.concat(snapshots.stream().map(SnapshotInfo::createdAt), segments.stream().map(SegmentInfo::createdAt))
                .max(Instant::compareTo);
    }

    public Optional<Instant> createdAt() {
        return snapshots.stream().map(SnapshotInfo::createdAt).min(Instant::compareTo);
    }
}
