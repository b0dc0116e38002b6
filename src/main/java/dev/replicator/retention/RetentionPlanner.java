package dev.replicator.retention;

import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Listings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what retention deletes. Pure: listings, the time and the policy in, a plan out.
 *
 * <p>A snapshot is kept for point-in-time restore (it and every WAL segment from its index on) when it is the newest
 * one, when it is younger than the window, or when it is the base of restore points inside the window: the newest
 * snapshot at or before the window's start of every generation a restore inside the window can pick. A snapshot the
 * GFS policy selects is kept with the WAL of its own index only, which a snapshot needs to be consistent. Everything
 * else goes: older snapshots, the WAL no kept snapshot needs, and whole generations with nothing kept, except the
 * protected ones (the generations being written).
 */
public final class RetentionPlanner {

    private static final Comparator<SnapshotInfo> BY_TIME = Comparator.comparing(SnapshotInfo::createdAt)
            .thenComparingLong(SnapshotInfo::index);

    private RetentionPlanner() {
    }

    public static RetentionPlan plan(List<GenerationListing> generations, Set<String> protectedGenerations,
                                     Instant now, RetentionPolicy policy) {
        Instant cutoff = now.minus(policy.window());
        List<SnapshotInfo> all = generations.stream().flatMap(g -> g.snapshots().stream()).toList();
        Set<SnapshotInfo> pointInTime = new HashSet<>();
        all.stream().max(BY_TIME).ifPresent(pointInTime::add);
        Optional<String> atCutoff = Listings.generationAt(generations, Optional.of(cutoff))
                .map(GenerationListing::generation);
        for (GenerationListing g : generations) {
            boolean inWindow = protectedGenerations.contains(g.generation())
                    || g.updatedAt().map(t -> !t.isBefore(cutoff)).orElse(false)
                    || atCutoff.map(g.generation()::equals).orElse(false);
            if (inWindow) {
                g.snapshots().stream().filter(s -> !s.createdAt().isBefore(cutoff)).forEach(pointInTime::add);
                g.snapshots().stream().filter(s -> !s.createdAt().isAfter(cutoff)).max(BY_TIME)
                        .ifPresent(pointInTime::add);
            }
        }
        Set<SnapshotInfo> kept = new HashSet<>(pointInTime);
        kept.addAll(GfsSelector.keep(all, policy.keep()));

        List<SnapshotInfo> deleteSnapshots = new ArrayList<>();
        List<SegmentInfo> deleteSegments = new ArrayList<>();
        List<String> deleteGenerations = new ArrayList<>();
        for (GenerationListing g : generations) {
            List<SnapshotInfo> keptHere = g.snapshots().stream().filter(kept::contains).toList();
            if (keptHere.isEmpty()) {
                if (!protectedGenerations.contains(g.generation())) {
                    deleteGenerations.add(g.generation());
                }
                continue; // a protected generation without a snapshot is waiting for its first one
            }
            g.snapshots().stream().filter(s -> !kept.contains(s)).forEach(deleteSnapshots::add);
            long walFrom = g.snapshots().stream().filter(pointInTime::contains).mapToLong(SnapshotInfo::index)
                    .min().orElse(Long.MAX_VALUE);
            Set<Long> ownIndexes = indexes(keptHere);
            g.segments().stream().filter(s -> s.index() < walFrom && !ownIndexes.contains(s.index()))
                    .forEach(deleteSegments::add);
        }
        List<SnapshotInfo> keptList = all.stream().filter(kept::contains).sorted(BY_TIME).toList();
        return new RetentionPlan(keptList, deleteSnapshots, deleteSegments, deleteGenerations);
    }

    private static Set<Long> indexes(Collection<SnapshotInfo> snapshots) {
        Set<Long> out = new HashSet<>();
        snapshots.forEach(s -> out.add(s.index()));
        return out;
    }
}
