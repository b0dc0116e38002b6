package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;

import java.util.List;

/**
 * A snapshot and, for each WAL index from the snapshot's on, the segments to replay in order. Every index starts
 * at offset 0; whether the segments are contiguous is checked while they are decompressed.
 */
public record RestorePlan(String generation, SnapshotInfo snapshot, List<IndexSegments> indexes) {

    public record IndexSegments(long index, List<SegmentInfo> segments) {
    }

    public long segmentCount() {
        return indexes.stream().mapToLong(i -> i.segments().size()).sum();
    }

    public long compressedBytes() {
        return snapshot.size() + indexes.stream().flatMap(i -> i.segments().stream())
                .mapToLong(SegmentInfo::size).sum();
    }
}
