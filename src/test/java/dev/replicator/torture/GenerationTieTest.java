package dev.replicator.torture;

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
    private static final String OLDER = "0000000000000001";
    private static final String NEWER = "fffffffffffffff0";

    @Test
    void onATieOfNewestObjectsTheLaterCreatedGenerationIsLatest() throws Exception {
        GenerationListing older = new GenerationListing(OLDER,
                List.of(new SnapshotInfo(OLDER, 0, 100, T.minusSeconds(60))),
                List.of(new SegmentInfo(OLDER, 0, 0, 10, T.minusSeconds(30)), new SegmentInfo(OLDER, 0, 4152, 10, T)));
        GenerationListing newer = new GenerationListing(NEWER, List.of(new SnapshotInfo(NEWER, 0, 100, T)), List.of());

        assertThat(RestorePlanner.plan(List.of(older, newer), RestoreTarget.latest()).generation()).isEqualTo(NEWER);
        assertThat(RestorePlanner.plan(List.of(newer, older), RestoreTarget.latest()).generation()).isEqualTo(NEWER);
    }
}
