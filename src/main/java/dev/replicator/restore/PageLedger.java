package dev.replicator.restore;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.stream.IntStream;

/**
 * Which pages a restore must write when it applies the WAL indexes newest first and the snapshot last, so that each
 * page of the result is written once, with its final content, instead of once per version.
 *
 * <p>The result must equal the forward replay: the snapshot, then each index's frames in order, each index ending
 * with the file cut to its last commit's size (as a checkpoint does). Going backwards, a frame's page is written
 * only if no newer index wrote that page and no newer index's cut removed it; a page that a cut removed and nothing
 * wrote afterwards reads as zeros in the forward replay, so it is left a hole or, if this restore wrote it before
 * learning of the cut, listed in {@link #pagesToZero}. Memory: two bits per page of the database.
 */
final class PageLedger {

    private final BitSet resolved = new BitSet();
    private final BitSet current = new BitSet();
    private final BitSet cutAway = new BitSet();
    /** Per applied index, oldest first: {highest page in its frames, database size in pages after its last commit}. */
    private final Deque<long[]> sizes = new ArrayDeque<>();
    private long cut = Long.MAX_VALUE;
    private long maxPage;

    /** Whether the index being applied must write its frame for {@code page} (1-based); notes the page either way. */
    boolean writeFrame(int page) {
        maxPage = Math.max(maxPage, page);
        if (page > cut || resolved.get(page)) {
            return false;
        }
        current.set(page);
        return true;
    }

    /**
     * Ends the index being applied.
     *
     * @param commitSize the database size in pages after its last commit; 0 if it has no commit (no cut)
     */
    void endIndex(int commitSize) {
        if (commitSize > 0) {
            int from = commitSize + 1;
            for (int p = current.nextSetBit(from); p >= 0; p = current.nextSetBit(p + 1)) {
                cutAway.set(p);
            }
            current.clear(from, Math.max(from, current.length()));
            cut = Math.min(cut, commitSize);
        }
        resolved.or(current);
        current.clear();
        sizes.addFirst(new long[] {maxPage, commitSize});
        maxPage = 0;
    }

    /** Whether the snapshot's {@code page} (1-based) is part of the result: no index overwrote or cut it. */
    boolean writeSnapshotPage(long page) {
        return page <= cut && (page > Integer.MAX_VALUE || !resolved.get((int) page));
    }

    /** The length in bytes of the result, replaying the sizes forward from the snapshot's. */
    long finalLength(long snapshotBytes, int pageSize) {
        long length = snapshotBytes;
        for (long[] s : sizes) {
            length = Math.max(length, s[0] * pageSize);
            if (s[1] > 0) {
                length = Math.min(length, s[1] * pageSize);
            }
        }
        return length;
    }

    /** Pages this restore wrote that a later cut removed, that lie within {@code length} and must read as zeros. */
    IntStream pagesToZero(long length, int pageSize) {
        return cutAway.stream().filter(p -> (long) p * pageSize <= length && !resolved.get(p));
    }
}
