package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.Lz4;
import dev.replicator.replica.ReplicaClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a replica's recorded upload position against what the storage really holds (rule R4: an upload is recorded
 * done only after the storage acknowledged it). Reads the store directly, never through the fault proxy.
 */
final class StoredCoverage {

    private final ReplicaClient store;
    private final Map<String, Long> lengths = new ConcurrentHashMap<>();

    StoredCoverage(ReplicaClient store) {
        this.store = store;
    }

    /**
     * Why the store does not hold the WAL up to {@code pos}, if it does not: there must be a snapshot of the
     * generation at or before the index, and the index's segments must run without a gap from offset 0 to at least
     * the offset.
     */
    Optional<String> gap(Pos pos) throws IOException {
        List<SnapshotInfo> snapshots = store.snapshots(pos.generation());
        if (snapshots.stream().noneMatch(s -> s.index() <= pos.index())) {
            return Optional.of("no snapshot of " + pos.generation() + " at or before index " + pos.index());
        }
        if (pos.offset() == 0) {
            return Optional.empty();
        }
        long covered = 0;
        for (SegmentInfo s : store.walSegments(pos.generation())) {
            if (s.index() != pos.index()) {
                continue;
            }
            if (s.offset() != covered) {
                break;
            }
            covered = s.offset() + length(s);
            if (covered >= pos.offset()) {
                return Optional.empty();
            }
        }
        return Optional.of("recorded " + pos + " but the store holds index " + pos.index() + " only up to " + covered);
    }

    private long length(SegmentInfo s) throws IOException {
        String key = s.pos() + "/" + s.size();
        Long known = lengths.get(key);
        if (known != null) {
            return known;
        }
        long n;
        try (InputStream in = Lz4.decompress(store.openWalSegment(s.pos()))) {
            n = in.transferTo(OutputStream.nullOutputStream());
        }
        lengths.put(key, n);
        return n;
    }
}
