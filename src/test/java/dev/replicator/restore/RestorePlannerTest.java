package dev.replicator.restore;

import dev.replicator.Generations;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.GenerationListing;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestorePlannerTest {

    static final String OLD = "00000000000000aa";
    static final String NEW = "00000000000000bb";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static SnapshotInfo snap(String gen, long index, int minute) {
        return new SnapshotInfo(gen, index, 100, T0.plusSeconds(60L * minute));
    }

    static SegmentInfo seg(String gen, long index, long offset, int minute) {
        return new SegmentInfo(gen, index, offset, 10, T0.plusSeconds(60L * minute));
    }

    static final GenerationListing OLD_GEN = new GenerationListing(OLD,
            List.of(snap(OLD, 0, 0)), List.of(seg(OLD, 0, 0, 1), seg(OLD, 0, 4152, 2)));
    static final GenerationListing NEW_GEN = new GenerationListing(NEW,
            List.of(snap(NEW, 0, 10), snap(NEW, 2, 20)),
            List.of(seg(NEW, 0, 0, 10), seg(NEW, 1, 0, 15), seg(NEW, 2, 0, 20), seg(NEW, 2, 8272, 21),
                    seg(NEW, 3, 0, 25), seg(NEW, 3, 4152, 26)));

    @Test
    void latestUsesTheNewestGenerationAndItsNewestSnapshot() throws RestoreException {
        RestorePlan plan = RestorePlanner.plan(List.of(OLD_GEN, NEW_GEN), RestoreTarget.latest());

        assertThat(plan.generation()).isEqualTo(NEW);
        assertThat(plan.snapshot().index()).isEqualTo(2);
        assertThat(plan.indexes()).extracting(RestorePlan.IndexSegments::index).containsExactly(2L, 3L);
        assertThat(plan.indexes().get(1).segments()).extracting(SegmentInfo::offset).containsExactly(0L, 4152L);
        assertThat(plan.segmentCount()).isEqualTo(4);
    }

    @Test
    void aTimestampStopsAtTheLastSegmentStoredByThen() throws RestoreException {
        RestoreTarget at = new RestoreTarget(Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(60 * 16)));

        RestorePlan plan = RestorePlanner.plan(List.of(OLD_GEN, NEW_GEN), at);

        assertThat(plan.generation()).isEqualTo(NEW);
        assertThat(plan.snapshot().index()).isZero();
        assertThat(plan.indexes()).extracting(RestorePlan.IndexSegments::index).containsExactly(0L, 1L);
    }

    @Test
    void anExactGenerationAndIndex() throws RestoreException {
        RestoreTarget target = new RestoreTarget(Optional.of(NEW), Optional.of(1L), Optional.empty());

        RestorePlan plan = RestorePlanner.plan(List.of(OLD_GEN, NEW_GEN), target);

        assertThat(plan.snapshot().index()).isZero();
        assertThat(plan.indexes()).extracting(RestorePlan.IndexSegments::index).containsExactly(0L, 1L);
    }

    @Test
    void aMissingIndexIsAGapNamedInTheError() {
        GenerationListing gapped = new GenerationListing(NEW, List.of(snap(NEW, 0, 0)),
                List.of(seg(NEW, 0, 0, 1), seg(NEW, 2, 0, 3)));

        assertThatThrownBy(() -> RestorePlanner.plan(List.of(gapped), RestoreTarget.latest()))
                .isInstanceOf(RestoreException.class)
                .hasMessageContaining(NEW + "/00000001");
    }

    /** Retention keeps old snapshots with their own index's WAL and deletes the WAL between them. */
    static final GenerationListing PRUNED = new GenerationListing(NEW,
            List.of(snap(NEW, 1, 10), snap(NEW, 5, 50)),
            List.of(seg(NEW, 1, 0, 9), seg(NEW, 1, 4152, 12), seg(NEW, 5, 0, 45), seg(NEW, 5, 4152, 51)));

    @Test
    void aTimeBetweenKeptSnapshotsRestoresTheOlderOneWithItsOwnWal() throws RestoreException {
        RestoreTarget at = new RestoreTarget(Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(60 * 47)));

        RestorePlan plan = RestorePlanner.plan(List.of(PRUNED), at);

        assertThat(plan.snapshot().index()).isEqualTo(1);
        assertThat(plan.indexes()).extracting(RestorePlan.IndexSegments::index).containsExactly(1L);
        assertThat(plan.segmentCount()).isEqualTo(2);
    }

    @Test
    void aGapIsStillAnErrorWithoutALaterSnapshotOrOwnWalOrForAnIndex() {
        GenerationListing noLaterSnapshot = new GenerationListing(NEW, List.of(snap(NEW, 1, 10)),
                List.of(seg(NEW, 1, 0, 9), seg(NEW, 5, 0, 45)));
        RestoreTarget at = new RestoreTarget(Optional.empty(), Optional.empty(), Optional.of(T0.plusSeconds(60 * 47)));

        assertThatThrownBy(() -> RestorePlanner.plan(List.of(noLaterSnapshot), at))
                .hasMessageContaining("missing WAL index " + NEW + "/00000002");
        assertThatThrownBy(() -> RestorePlanner.plan(List.of(PRUNED),
                new RestoreTarget(Optional.of(NEW), Optional.of(3L), Optional.empty())))
                .hasMessageContaining("has no WAL index 00000003");
        GenerationListing ownWalMissing = new GenerationListing(NEW, List.of(snap(NEW, 1, 10), snap(NEW, 5, 50)),
                List.of(seg(NEW, 5, 0, 45)));
        assertThatThrownBy(() -> RestorePlanner.plan(List.of(ownWalMissing), at))
                .hasMessageContaining("missing WAL index " + NEW + "/00000001");
    }

    @Test
    void anIndexWithoutItsStartIsRefused() {
        GenerationListing headless = new GenerationListing(NEW, List.of(snap(NEW, 0, 0)),
                List.of(seg(NEW, 0, 4152, 1)));

        assertThatThrownBy(() -> RestorePlanner.plan(List.of(headless), RestoreTarget.latest()))
                .hasMessageContaining("missing the start of WAL index");
    }

    @Test
    void aTargetBeforeTheFirstSnapshotIsRefused() {
        RestoreTarget before = new RestoreTarget(Optional.empty(), Optional.empty(), Optional.of(T0.minusSeconds(1)));

        assertThatThrownBy(() -> RestorePlanner.plan(List.of(OLD_GEN, NEW_GEN), before))
                .hasMessageContaining("no snapshot at or before");
    }

    @Test
    void anUnknownGenerationOrIndexIsNamed() {
        assertThatThrownBy(() -> RestorePlanner.plan(List.of(NEW_GEN),
                new RestoreTarget(Optional.of("0123456789abcdef"), Optional.empty(), Optional.empty())))
                .hasMessageContaining("no generation 0123456789abcdef");
        assertThatThrownBy(() -> RestorePlanner.plan(List.of(NEW_GEN),
                new RestoreTarget(Optional.of(NEW), Optional.of(9L), Optional.empty())))
                .hasMessageContaining("no WAL index 00000009");
    }

    @Test
    void anEmptyReplicaHasNothingToRestore() {
        assertThatThrownBy(() -> RestorePlanner.plan(List.of(), RestoreTarget.latest()))
                .hasMessageContaining("no snapshot yet");
    }

    @Test
    void aSnapshotWithoutWalIsAPlanToo() throws RestoreException {
        GenerationListing bare = new GenerationListing(NEW, List.of(snap(NEW, 4, 0)), List.of());

        RestorePlan plan = RestorePlanner.plan(List.of(bare), RestoreTarget.latest());

        assertThat(plan.indexes()).isEmpty();
        assertThat(plan.snapshot().index()).isEqualTo(4);
    }

    @Test
    void generationsWhoseObjectsShareOneSecondAreOrderedByTheTimeInTheirNames() throws RestoreException {
        // A restart within the second of the previous generation's last upload (StorageFaultIT, seen in CI):
        // every object of both generations has the same whole-second S3 time.
        Instant second = Instant.parse("2026-11-23T18:07:34Z");
        String earlier = Generations.newName(second.plusMillis(120));
        String later = Generations.newName(second.plusMillis(548));
        for (List<String> names : List.of(List.of(earlier, later), List.of(later, earlier))) {
            List<GenerationListing> listings = names.stream().map(g -> new GenerationListing(g,
                    List.of(new SnapshotInfo(g, 0, 100, second)), List.of(new SegmentInfo(g, 0, 0, 10, second))))
                    .toList();
            // in either listing order
            assertThat(RestorePlanner.plan(listings, RestoreTarget.latest()).generation()).isEqualTo(later);
        }
    }

    @Test
    void aRandomNameCarriesNoTime() {
        Instant now = Instant.parse("2026-11-23T18:07:34Z");
        assertThat(Generations.createdAt("d698172e82c413e6", now)).isEmpty();
        assertThat(Generations.createdAt(Generations.newName(now.minusMillis(1)), now)).contains(now.minusMillis(1));
        assertThat(Generations.createdAt(Generations.newName(now.plusSeconds(2)), now)).isEmpty();
    }
}
