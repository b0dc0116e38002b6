package dev.replicator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Applying WAL indexes newest first with the ledger gives exactly what the forward replay gives (snapshot, then each
 * index's frames in order, each index ending with the file cut to its last commit's size), byte for byte and in
 * length, while writing each page at most once per index.
 */
class PageLedgerTest {

    private static final int PAGE = 4;

    /** One WAL index: frames as {page, content}, and the database size after its last commit (0: no commit). */
    record Index(List<int[]> frames, int commitSize) {
    }

    @Test
    void matchesTheForwardReplayOnRandomHistories() {
        for (int seed = 0; seed < 3000; seed++) {
            Random r = new Random(seed);
            int snapshotPages = 1 + r.nextInt(40);
            List<Index> history = new ArrayList<>();
            int content = 1000;
            for (int i = r.nextInt(8); i > 0; i--) {
                List<int[]> frames = new ArrayList<>();
                for (int f = r.nextInt(30); f > 0; f--) {
                    frames.add(new int[] {1 + r.nextInt(60), content++});
                }
                // Mostly growth or no change, sometimes a shrink below pages written before, sometimes no commit.
                int commitSize = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(70);
                history.add(new Index(frames, commitSize));
            }
            assertThat(backwards(snapshotPages, history)).as("seed %d: %s", seed, describe(history))
                    .isEqualTo(forward(snapshotPages, history));
        }
    }

    @Test
    void aPageCutAwayAndNotWrittenAgainReadsAsZeros() {
        // Snapshot of 10 pages; index 1 writes page 9 and shrinks to 5 pages; index 2 grows to 12 writing page 12.
        List<Index> history = List.of(
                new Index(List.of(new int[] {9, 900}), 5),
                new Index(List.of(new int[] {12, 1200}), 12));
        List<Integer> result = backwards(10, history);
        assertThat(result).isEqualTo(forward(10, history));
        assertThat(result.subList(5, 11)).containsOnly(0);
        assertThat(result).hasSize(12).endsWith(1200);
    }

    @Test
    void framesOfAnIndexBeyondItsOwnCommitSizeAreZeroedIfTheFileGrowsBackOverThem() {
        // Index 1 writes pages 3 and 8 but ends at 4 pages; index 2 grows to 9 with page 9 only.
        List<Index> history = List.of(
                new Index(List.of(new int[] {3, 300}, new int[] {8, 800}), 4),
                new Index(List.of(new int[] {9, 900}), 9));
        assertThat(backwards(6, history)).isEqualTo(forward(6, history))
                .containsExactly(1, 2, 300, 4, 0, 0, 0, 0, 900);
    }

    @Test
    void aPageWrittenByANewerIndexIsNotWrittenAgain() {
        PageLedger ledger = new PageLedger();
        assertThat(ledger.writeFrame(7)).isTrue();
        assertThat(ledger.writeFrame(7)).as("same index: later frame wins, so write it").isTrue();
        ledger.endIndex(10);
        assertThat(ledger.writeFrame(7)).as("older index").isFalse();
        assertThat(ledger.writeFrame(3)).isTrue();
        ledger.endIndex(10);
        assertThat(ledger.writeSnapshotPage(7)).isFalse();
        assertThat(ledger.writeSnapshotPage(3)).isFalse();
        assertThat(ledger.writeSnapshotPage(4)).isTrue();
        assertThat(ledger.writeSnapshotPage(11)).as("cut away by the commit sizes").isFalse();
    }

    /** The file the forward replay leaves: contents of pages 1..n, 0 for never-written pages. */
    private static List<Integer> forward(int snapshotPages, List<Index> history) {
        List<Integer> file = new ArrayList<>();
        for (int p = 1; p <= snapshotPages; p++) {
            file.add(p);
        }
        for (Index index : history) {
            for (int[] f : index.frames()) {
                while (file.size() < f[0]) {
                    file.add(0);
                }
                file.set(f[0] - 1, f[1]);
            }
            if (index.commitSize() > 0) {
                while (file.size() > index.commitSize()) {
                    file.remove(file.size() - 1);
                }
            }
        }
        return file;
    }

    /** The same, newest index first through the ledger, as PlanApplier writes it. */
    private static List<Integer> backwards(int snapshotPages, List<Index> history) {
        PageLedger ledger = new PageLedger();
        Map<Integer, Integer> file = new HashMap<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            for (int[] f : history.get(i).frames()) {
                if (ledger.writeFrame(f[0])) {
                    file.put(f[0], f[1]);
                }
            }
            ledger.endIndex(history.get(i).commitSize());
        }
        for (int p = 1; p <= snapshotPages; p++) {
            if (ledger.writeSnapshotPage(p)) {
                file.put(p, p);
            }
        }
        long length = ledger.finalLength((long) snapshotPages * PAGE, PAGE);
        ledger.pagesToZero(length, PAGE).forEach(p -> file.put(p, 0));
        List<Integer> out = new ArrayList<>();
        for (int p = 1; p <= length / PAGE; p++) {
            out.add(file.getOrDefault(p, 0));
        }
        return out;
    }

    private static String describe(List<Index> history) {
        StringBuilder b = new StringBuilder();
        for (Index index : history) {
            b.append('[');
            index.frames().forEach(f -> b.append(f[0]).append(' '));
            b.append("| ").append(index.commitSize()).append("] ");
        }
        return b.toString();
    }
}
