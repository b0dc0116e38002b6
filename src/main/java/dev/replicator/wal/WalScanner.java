package dev.replicator.wal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Walks WAL frames from a given offset, verifying salts and the cumulative checksum, and reports the end of the
 * last commit frame: the only point up to which WAL bytes may be shipped or replayed.
 *
 * <p>Every frame that verifies is handed to a {@link FrameSink} as it is read, so that memory stays at one frame
 * however large a transaction is; frames after the last commit are handed over too and the caller must drop them.
 */
public final class WalScanner {

    public enum Stop {
        /** The input ended exactly on a frame boundary. */
        END_OF_INPUT,
        /** The input ended inside a frame (a write in progress, or a truncated copy). */
        TORN_FRAME,
        /** A frame carries other salts than the header: it belongs to an earlier life of the WAL file. */
        SALT_MISMATCH,
        /** A frame's checksum does not follow from the previous one. */
        CHECKSUM_MISMATCH,
        /** A frame claims an impossible page number. */
        BAD_FRAME
    }

    /**
     * @param commitEnd      offset just past the last commit frame (or the start offset if none)
     * @param commitChecksum cumulative checksum at {@code commitEnd}, the seed for a later scan from there
     * @param scannedEnd     offset just past the last verified frame
     * @param commits        commit frames seen
     * @param lastCommitSize database size in pages after the last commit, or 0 if none
     */
    public record Result(long commitEnd, long commitChecksum, long scannedEnd, int commits, int lastCommitSize,
                         Stop stop) {
    }

    @FunctionalInterface
    public interface FrameSink {
        /** Receives one verified frame (header and page) that starts at {@code offset} in the WAL. */
        void accept(long offset, byte[] frame, int length) throws IOException;
    }

    private WalScanner() {
    }

    /**
     * Scans {@code in}, positioned at WAL offset {@code start} (header excluded), until it ends or stops verifying.
     *
     * @param seed the cumulative checksum of everything before {@code start}: the header's for the first frame
     */
    public static Result scan(InputStream in, WalHeader header, long start, long seed, FrameSink sink)
            throws IOException {
        if (start < WalHeader.SIZE || (start - WalHeader.SIZE) % header.frameSize() != 0) {
            throw new IllegalArgumentException("scan must start on a frame boundary, not at offset " + start);
        }
        boolean bigEndian = header.bigEndianChecksums();
        int frameSize = header.frameSize();
        byte[] frame = new byte[frameSize];
        long offset = start;
        long checksum = seed;
        long commitEnd = start;
        long commitChecksum = seed;
        int commits = 0;
        int lastCommitSize = 0;
        Stop stop;
        while (true) {
            int n = in.readNBytes(frame, 0, frameSize);
            if (n == 0) {
                stop = Stop.END_OF_INPUT;
                break;
            }
            if (n < frameSize) {
                stop = Stop.TORN_FRAME;
                break;
            }
            WalFrameHeader fh = WalFrameHeader.parse(frame, 0);
            if (!header.sameSalts(fh.salt1(), fh.salt2())) {
                stop = Stop.SALT_MISMATCH;
                break;
            }
            if (fh.pageNumber() <= 0) {
                stop = Stop.BAD_FRAME;
                break;
            }
            long next = WalChecksum.update(bigEndian, checksum, frame, 0, 8);
            next = WalChecksum.update(bigEndian, next, frame, WalFrameHeader.SIZE, header.pageSize());
            if (WalChecksum.first(next) != fh.checksum1() || WalChecksum.second(next) != fh.checksum2()) {
                stop = Stop.CHECKSUM_MISMATCH;
                break;
            }
            sink.accept(offset, frame, frameSize);
            checksum = next;
            offset += frameSize;
            if (fh.isCommit()) {
                commitEnd = offset;
                commitChecksum = checksum;
                commits++;
                lastCommitSize = fh.commitSize();
            }
        }
        return new Result(commitEnd, commitChecksum, offset, commits, lastCommitSize, stop);
    }

    /** Reads and verifies the WAL header at the start of {@code in}. */
    public static WalHeader readHeader(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(WalHeader.SIZE);
        if (bytes.length < WalHeader.SIZE) {
            throw new EOFException("WAL shorter than its 32-byte header (" + bytes.length + " bytes)");
        }
        return WalHeader.parse(bytes);
    }
}
