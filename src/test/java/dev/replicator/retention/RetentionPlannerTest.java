package dev.replicator.retention;

import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.config.RetentionKeep;
import dev.replicator.replica.GenerationListing;
import org.junit.jupiter.api.Test;
import org.assertj.core.groups.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPlannerTest {

    static final String CUR = "00000000000000cc";
    static final String OLD = "00000000000000aa";
    static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
    static final RetentionPolicy DAY = RetentionPolicy.of(Duration.ofHours(24));

    static SnapshotInfo snap(String gen, long index, double hoursAgo) {
        return new SnapshotInfo(gen, index, 1, at(hoursAgo));
    }

    static Instant at(double hoursAgo) {
        return NOW.minusSeconds((long) (hoursAgo * 3600));
    }

    /** One segment at offset 0 of each index, stored {@code hoursAgo[i]} hours before NOW. */
    static List<SegmentInfo> wal(String gen, double... hoursAgo) {
        List<SegmentInfo> out = new ArrayList<>();
        for (int i = 0; i < hoursAgo.length; i++) {
            out.add(new SegmentInfo(gen, i, 0, 1, at(hoursAgo[i])));
        }
        return out;
    }

    static final GenerationListing CURRENT = new GenerationListing(CUR,
            List.of(snap(CUR, 0, 50), snap(CUR, 3, 30), snap(CUR, 6, 20), snap(CUR, 9, 2)),
            wal(CUR, 50, 45, 35, 30, 28, 25, 20, 10, 5, 2, 1));

    @Test
    void keepsTheWindowAndTheSnapshotItStartsFrom() {
        RetentionPlan plan = RetentionPlanner.plan(List.of(CURRENT), Set.of(CUR), NOW, DAY);

        assertThat(plan.keptSnapshots()).extracting(SnapshotInfo::index).containsExactly(3L, 6L, 9L);
        assertThat(plan.deleteSnapshots()).extracting(SnapshotInfo::index).containsExactly(0L);
        assertThat(plan.deleteSegments()).extracting(SegmentInfo::index).containsExactly(0L, 1L, 2L);
        assertThat(plan.deleteGenerations()).isEmpty();
    }

    @Test
    void alwaysKeepsTheNewestSnapshotAndItsWal() {
        RetentionPlan plan = RetentionPlanner.plan(List.of(CURRENT), Set.of(), NOW.plus(Duration.ofDays(30)), DAY);

        assertThat(plan.keptSnapshots()).extracting(SnapshotInfo::index).containsExactly(9L);
        assertThat(plan.deleteSegments()).extracting(SegmentInfo::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L,
                7L, 8L);
        assertThat(plan.deleteGenerations()).isEmpty();
    }

    @Test
    void deletesGenerationsWithNothingKept() {
        GenerationListing old = new GenerationListing(OLD, List.of(snap(OLD, 0, 80), snap(OLD, 2, 70)),
                wal(OLD, 80, 75, 70, 65));
        GenerationListing empty = new GenerationListing("00000000000000bb", List.of(), wal("00000000000000bb", 90));

        RetentionPlan plan = RetentionPlanner.plan(List.of(old, empty, CURRENT), Set.of(CUR), NOW, DAY);

        assertThat(plan.deleteGenerations()).containsExactly(OLD, "00000000000000bb");
        assertThat(plan.deleteSnapshots()).extracting(SnapshotInfo::generation).containsOnly(CUR);
    }

    @Test
    void neverDeletesAProtectedGenerationWaitingForItsFirstSnapshot() {
        GenerationListing starting = new GenerationListing(CUR, List.of(), wal(CUR, 90));

        RetentionPlan plan = RetentionPlanner.plan(List.of(starting), Set.of(CUR), NOW, DAY);

        assertThat(plan.deletesNothing()).isTrue();
    }

    @Test
    void keepsThePreviousGenerationWhileRestorePointsInTheWindowNeedIt() {
        // OLD ended 30h ago; CUR began 10h ago: a restore to 20h ago picks OLD's last state
        GenerationListing old = new GenerationListing(OLD, List.of(snap(OLD, 0, 80), snap(OLD, 2, 40)),
                wal(OLD, 80, 60, 40, 30));
        GenerationListing current = new GenerationListing(CUR, List.of(snap(CUR, 0, 10)), wal(CUR, 10, 5));

        RetentionPlan plan = RetentionPlanner.plan(List.of(old, current), Set.of(CUR), NOW, DAY);

        assertThat(plan.deleteGenerations()).isEmpty();
        assertThat(plan.keptSnapshots()).containsExactly(snap(OLD, 2, 40), snap(CUR, 0, 10));
        assertThat(plan.deleteSnapshots()).containsExactly(snap(OLD, 0, 80));
        assertThat(plan.deleteSegments()).extracting(SegmentInfo::generation, SegmentInfo::index)
                .containsExactly(Tuple.tuple(OLD, 0L), Tuple.tuple(OLD, 1L));
    }

    @Test
    void aTieOfWholeSecondsGoesToTheGenerationCreatedLaterAsInRestores() {
        // both last written 30h ago (S3 keeps whole seconds); OLD sorts first but NEW started later
        GenerationListing old = new GenerationListing(OLD, List.of(snap(OLD, 0, 100)), wal(OLD, 100, 30));
        GenerationListing newer = new GenerationListing(CUR, List.of(snap(CUR, 0, 40)), wal(CUR, 40, 30));

        RetentionPlan plan = RetentionPlanner.plan(List.of(old, newer), Set.of(), NOW, DAY);

        assertThat(plan.deleteGenerations()).containsExactly(OLD);
        assertThat(plan.keptSnapshots()).containsExactly(snap(CUR, 0, 40));
        assertThat(plan.deleteSegments()).isEmpty();
    }

    @Test
    void gfsKeepsOldSnapshotsWithTheWalOfTheirOwnIndexOnly() {
        GenerationListing old = new GenerationListing(OLD, List.of(snap(OLD, 0, 24 * 40), snap(OLD, 2, 24 * 35)),
                wal(OLD, 24 * 40, 24 * 38, 24 * 35, 24 * 34));
        RetentionPolicy policy = new RetentionPolicy(Duration.ofHours(24), new RetentionKeep(0, 0, 3, 0, 2));

        RetentionPlan plan = RetentionPlanner.plan(List.of(old, CURRENT), Set.of(CUR), NOW, policy);

        // daily 3: CUR 9 (31st), CUR 6 (30th), CUR 0 (29th); monthly 2: CUR 9 (March), OLD 2 (February);
        // the window: CUR 6 and 9, and CUR 3, the last snapshot before it
        assertThat(plan.keptSnapshots()).containsExactly(snap(OLD, 2, 24 * 35), snap(CUR, 0, 50), snap(CUR, 3, 30),
                snap(CUR, 6, 20), snap(CUR, 9, 2));
        assertThat(plan.deleteSnapshots()).containsExactly(snap(OLD, 0, 24 * 40));
        assertThat(plan.deleteSegments()).extracting(SegmentInfo::generation, SegmentInfo::index).containsExactly(
                Tuple.tuple(OLD, 0L), Tuple.tuple(OLD, 1L),
                Tuple.tuple(OLD, 3L), Tuple.tuple(CUR, 1L),
                Tuple.tuple(CUR, 2L));
    }

    /** The worked example in README.md, "Retention". */
    @Test
    void theReadmeExample() {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        List<SegmentInfo> segments = new ArrayList<>();
        long index = 0;
        for (Instant t = Instant.parse("2026-01-01T00:00:00Z"); !t.isAfter(Instant.parse("2026-04-15T12:00:00Z"));
             t = t.plus(Duration.ofHours(6))) {
            snapshots.add(new SnapshotInfo(CUR, index, 1, t));
            segments.add(new SegmentInfo(CUR, index, 0, 1, t.plusSeconds(60)));
            index++;
        }
        RetentionPolicy policy = new RetentionPolicy(Duration.ofHours(24), new RetentionKeep(2, 0, 7, 4, 3));

        RetentionPlan plan = RetentionPlanner.plan(List.of(new GenerationListing(CUR, snapshots, segments)),
                Set.of(CUR), Instant.parse("2026-04-15T13:00:00Z"), policy);

        assertThat(plan.keptSnapshots()).extracting(s -> s.createdAt().toString()).containsExactly(
                "2026-02-28T18:00:00Z", "2026-03-29T18:00:00Z", "2026-03-31T18:00:00Z", "2026-04-05T18:00:00Z",
                "2026-04-09T18:00:00Z", "2026-04-10T18:00:00Z", "2026-04-11T18:00:00Z", "2026-04-12T18:00:00Z",
                "2026-04-13T18:00:00Z", "2026-04-14T12:00:00Z", "2026-04-14T18:00:00Z", "2026-04-15T00:00:00Z",
                "2026-04-15T06:00:00Z", "2026-04-15T12:00:00Z");
        long anchor = plan.keptSnapshots().get(9).index();
        Set<Long> olderKept = new java.util.HashSet<>();
        plan.keptSnapshots().subList(0, 9).forEach(k -> olderKept.add(k.index()));
        assertThat(segments).filteredOn(seg -> !plan.deleteSegments().contains(seg))
                .allMatch(seg -> seg.index() >= anchor || olderKept.contains(seg.index()))
                .hasSize(9 + (int) (index - anchor));
    }
}
