package dev.replicator.torture;

import dev.replicator.Generations;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.GenerationListing;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Regression: S3 keeps object times in whole seconds. A generation that starts (after a crash, say) within the second
 * of the previous generation's last upload, and gets nothing more before the restore, ties with it on "newest
 * object"; restore then took whichever generation name sorted first, possibly the older one, without the
 * transactions the newer one's snapshot holds. The later-created generation must win the tie.
 */
class GenerationTieTest {

    private static final Instant T = Instant.parse("2026-03-01T12:00:07Z");
    // Random names (Litestream's), the later-created one sorting first: a "largest name wins" rule fails here.
    private static final String OLDER = "fffffffffffffff0";
    private static final String NEWER = "0000000000000001";

    @Test
    void onATieOfNewestObjectsTheLaterCreatedGenerationIsLatest() throws Exception {
        GenerationListing older = new GenerationListing(OLDER,
                List.of(new SnapshotInfo(OLDER, 0, 100, T.minusSeconds(60))),
                List.of(new SegmentInfo(OLDER, 0, 0, 10, T.minusSeconds(30)), new SegmentInfo(OLDER, 0, 4152, 10, T)));
        GenerationListing newer = new GenerationListing(NEWER, List.of(new SnapshotInfo(NEWER, 0, 100, T)), List.of());

        assertThat(RestorePlanner.plan(List.of(older, newer), RestoreTarget.latest()).generation()).isEqualTo(NEWER);
        assertThat(RestorePlanner.plan(List.of(newer, older), RestoreTarget.latest()).generation()).isEqualTo(NEWER);
    }

    @Test
    void whenBothStartedInTheSameSecondTheTimeInReplicatorsNamesDecides() throws Exception {
        String first = Generations.newName(T.plusMillis(100));
        String second = Generations.newName(T.plusMillis(900));
        GenerationListing a = new GenerationListing(first, List.of(new SnapshotInfo(first, 0, 100, T)),
                List.of(new SegmentInfo(first, 0, 0, 10, T)));
        GenerationListing b = new GenerationListing(second, List.of(new SnapshotInfo(second, 0, 100, T)), List.of());

        assertThat(RestorePlanner.plan(List.of(a, b), RestoreTarget.latest()).generation()).isEqualTo(second);
        assertThat(RestorePlanner.plan(List.of(b, a), RestoreTarget.latest()).generation()).isEqualTo(second);
    }

    @Test
    void aGenerationUpdatedLaterWinsWhateverItsName() throws Exception {
        String early = Generations.newName(T.minusSeconds(60));
        String late = Generations.newName(T.minusSeconds(30));
        GenerationListing updated = new GenerationListing(early,
                List.of(new SnapshotInfo(early, 0, 100, T.minusSeconds(60))),
                List.of(new SegmentInfo(early, 0, 0, 10, T.plusSeconds(5))));
        GenerationListing stale = new GenerationListing(late,
                List.of(new SnapshotInfo(late, 0, 100, T.minusSeconds(30))), List.of());

        assertThat(RestorePlanner.plan(List.of(updated, stale), RestoreTarget.latest()).generation()).isEqualTo(early);
        assertThat(RestorePlanner.plan(List.of(stale, updated), RestoreTarget.latest()).generation()).isEqualTo(early);
    }
}
