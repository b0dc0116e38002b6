package dev.replicator.wal;

import java.nio.ByteBuffer;

/** The 24-byte header before each page in a WAL file. {@code commitSize} is non-zero only on a commit frame. */
public record WalFrameHeader(int pageNumber, int commitSize, int salt1, int salt2, int checksum1, int checksum2) {

    public static final int SIZE = 24;

    public static WalFrameHeader parse(byte[] frame, int off) {
        ByteBuffer b = ByteBuffer.wrap(frame, off, SIZE);
        return new WalFrameHeader(b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }

    public boolean isCommit() {
        return commitSize != 0;
    }
}
