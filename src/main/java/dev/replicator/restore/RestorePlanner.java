package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Listings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Picks what to download for a restore target. Pure: listings in, plan or a precise error out. */
public final class RestorePlanner {

    private RestorePlanner() {
    }

    public static RestorePlan plan(List<GenerationListing> generations, RestoreTarget target) throws RestoreException {
        GenerationListing gen = pickGeneration(generations, target);
        SnapshotInfo snapshot = pickSnapshot(gen, target);
        Map<Long, List<SegmentInfo>> byIndex = new TreeMap<>();
        for (SegmentInfo s : gen.segments()) {
            if (s.index() < snapshot.index()) {
                continue;
            }
            if (target.index().isPresent() && s.index() > target.index().get()) {
                continue;
            }
            if (target.timestamp().isPresent() && s.createdAt().isAfter(target.timestamp().get())) {
                continue;
            }
            byIndex.computeIfAbsent(s.index(), k -> new ArrayList<>()).add(s);
        }
        if (target.index().isPresent() && target.index().get() > snapshot.index()
                && !byIndex.containsKey(target.index().get())) {
            throw new RestoreException(String.format("generation %s has no WAL index %08x: list them with "
                    + "'replicator wal' and pick one that exists", gen.generation(), target.index().get()));
        }
        List<RestorePlan.IndexSegments> indexes = new ArrayList<>();
        long expected = snapshot.index();
        for (Map.Entry<Long, List<SegmentInfo>> e : byIndex.entrySet()) {
            if (e.getKey() != expected && expected > snapshot.index()
                    && prunedBetweenSnapshots(gen, target, expected, e.getKey())) {
                break;
            }
            if (e.getKey() != expected) {
                throw new RestoreException(String.format("replica is missing WAL index %s/%08x (found %08x next): "
                        + "restore to an earlier point, or from another replica", gen.generation(), expected, e.getKey()));
            }
            List<SegmentInfo> segments = new ArrayList<>(e.getValue());
            segments.sort(Comparator.comparingLong(SegmentInfo::offset));
            if (segments.get(0).offset() != 0) {
                throw new RestoreException(String.format("replica is missing the start of WAL index %s/%08x "
                        + "(first segment at offset %d): restore to an earlier point, or from another replica",
                        gen.generation(), e.getKey(), segments.get(0).offset()));
            }
            indexes.add(new RestorePlan.IndexSegments(e.getKey(), List.copyOf(segments)));
            expected++;
        }
        return new RestorePlan(gen.generation(), snapshot, List.copyOf(indexes));
    }

    /**
     * Whether the WAL from index {@code from} (after the snapshot's own index) is missing up to the next snapshot of
     * the generation, as retention leaves it between snapshots it keeps beyond its window: a restore to a time then
     * ends at the last point before the gap. Anywhere else a gap is damage, and restores to the latest point or to an
     * index stay strict.
     */
    private static boolean prunedBetweenSnapshots(GenerationListing gen, RestoreTarget target, long from,
                                                  long resumesAt) {
        if (target.timestamp().isEmpty()) {
            return false;
        }
        return gen.snapshots().stream().mapToLong(SnapshotInfo::index).filter(i -> i >= from).min()
                .stream().anyMatch(next -> next <= resumesAt);
    }

    private static GenerationListing pickGeneration(List<GenerationListing> generations, RestoreTarget target)
            throws RestoreException {
        if (target.generation().isPresent()) {
            String wanted = target.generation().get();
            GenerationListing g = generations.stream().filter(l -> l.generation().equals(wanted)).findFirst()
                    .orElseThrow(() -> new RestoreException("replica has no generation " + wanted
                            + ": list them with 'replicator generations'"));
            if (g.snapshots().isEmpty()) {
                throw new RestoreException("generation " + wanted + " has no snapshot, so it cannot be restored");
            }
            return g;
        }
        Optional<Instant> at = target.timestamp();
        return Listings.generationAt(generations, at)
                .orElseThrow(() -> new RestoreException(at.isPresent()
                        ? "replica has no snapshot at or before " + at.get() + ": pick a later -timestamp"
                        : "replica has no snapshot yet: nothing to restore"));
    }

    private static SnapshotInfo pickSnapshot(GenerationListing gen, RestoreTarget target) throws RestoreException {
        return gen.snapshots().stream()
                .filter(s -> target.index().isEmpty() || s.index() <= target.index().get())
                .filter(s -> target.timestamp().isEmpty() || !s.createdAt().isAfter(target.timestamp().get()))
                .max(Comparator.comparingLong(SnapshotInfo::index))
                .orElseThrow(() -> new RestoreException("generation " + gen.generation()
                        + " has no snapshot at or before " + target + ": pick a later point"));
    }
}
