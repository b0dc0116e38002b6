package dev.replicator.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the commit frames in the decoded bytes of one WAL segment of a replica. A segment at WAL offset 0 starts with
 * the 32-byte WAL header (which gives the page size); after it come frames of a 24-byte header (page number, database
 * size after commit or 0, salt-1, salt-2, checksum-1, checksum-2, big-endian) and one page each.
 */
public final class WalFrameWalker {

    static final int WAL_HEADER_BYTES = 32;
    static final int FRAME_HEADER_BYTES = 24;
    private static final int MAGIC = 0x377f0682;

    private WalFrameWalker() {
    }

    /**
     * The commits in {@code segment}, whose first byte is at WAL offset {@code startOffset}; {@code pageSize} is used
     * unless the segment carries the WAL header. A torn last frame is ignored.
     */
    public static List<CommitPoint> commits(byte[] segment, long startOffset, int pageSize) {
        ByteBuffer b = ByteBuffer.wrap(segment); // big-endian
        int pos = 0;
        if (startOffset == 0) {
            if (segment.length < WAL_HEADER_BYTES || (b.getInt(0) & ~1) != MAGIC) {
                throw new IllegalArgumentException("a segment at offset 0 must start with a WAL header");
            }
            pageSize = b.getInt(8);
            pos = WAL_HEADER_BYTES;
        }
        List<CommitPoint> commits = new ArrayList<>();
        int frameBytes = FRAME_HEADER_BYTES + pageSize;
        while (pos + frameBytes <= segment.length) {
            int commitSize = b.getInt(pos + 4);
            int salt1 = b.getInt(pos + 8);
            pos += frameBytes;
            if (commitSize != 0) {
                commits.add(new CommitPoint(salt1, startOffset + pos));
            }
        }
        return commits;
    }

    /** Where the commit that leaves {@code mxFrame} frames in the WAL ends. */
    public static long endOffset(long mxFrame, int pageSize) {
        return WAL_HEADER_BYTES + mxFrame * (FRAME_HEADER_BYTES + (long) pageSize);
    }
}
