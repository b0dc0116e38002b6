package dev.replicator.restore;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the standard LZ4 frame format (as lz4-java, the {@code lz4} CLI and Litestream write it) block by block,
 * without decompressing: {@link #decompress} does that, on any thread, since blocks are independent. Checks magic,
 * version, reserved bits and header checksum; reads concatenated frames and skips skippable ones as the {@code lz4}
 * CLI does. Linked (dependent) blocks and dictionaries are rejected, as lz4-java's own stream rejects them.
 */
final class Lz4FrameParser {

    private static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE = 0x184D2A50;
    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();
    /** lz4-java's pure-Java xxhash beats its JNI one on 64 KB to 4 MB blocks (measured: 2.5 against 1.5 GB/s). */
    static final XXHashFactory HASHES = XXHashFactory.fastestJavaInstance();
    private static final XXHash32 HASH = HASHES.hash32();

    /** One frame's settings. {@code contentSize} is -1 when the header has none. */
    record Frame(int maxBlockSize, boolean blockChecksums, boolean contentChecksum, long contentSize) {
    }

    /** A block as stored: {@code stored} blocks are not compressed. */
    record Block(byte[] data, boolean stored, boolean checked, int checksum, int maxSize) {
    }

    private final InputStream in;
    private final byte[] word = new byte[8];
    private Frame frame;
    private int frames;

    Lz4FrameParser(InputStream compressed) {
        this.in = compressed;
    }

    /** Reads the next frame's header; null at a clean end of input after at least one frame. */
    Frame nextFrame() throws IOException {
        while (true) {
            int n = in.readNBytes(word, 0, 4);
            if (n == 0 && frames > 0) {
                return null;
            }
            if (n < 4) {
                throw new EOFException(frames == 0 ? "stream ended prematurely: no LZ4 frame (" + n + " bytes)"
                        : "stream ended prematurely inside an LZ4 frame magic");
            }
            int magic = le32(word, 0);
            if ((magic & SKIPPABLE_MASK) == SKIPPABLE) {
                long skip = readLe32() & 0xFFFFFFFFL;
                try {
                    in.skipNBytes(skip);
                } catch (EOFException e) {
                    throw new EOFException("stream ended prematurely inside a skippable LZ4 frame");
                }
                continue;
            }
            if (magic != MAGIC) {
                throw new IOException(String.format("not an LZ4 frame: bad magic %08x", magic));
            }
            frame = readDescriptor();
            frames++;
            return frame;
        }
    }

    private Frame readDescriptor() throws IOException {
        byte[] d = new byte[2 + 8];
        readFully(d, 0, 2, "LZ4 frame header");
        int flg = d[0] & 0xFF;
        int bd = d[1] & 0xFF;
        if ((flg >>> 6) != 1) {
            throw new IOException("LZ4 frame version " + (flg >>> 6) + " is not supported (corrupt header?)");
        }
        if ((flg & 0x02) != 0 || (bd & 0x8F) != 0) {
            throw new IOException("LZ4 frame header has reserved bits set (corrupt header)");
        }
        if ((flg & 0x20) == 0) {
            throw new IOException("LZ4 frames with linked blocks are not supported; write independent blocks");
        }
        if ((flg & 0x01) != 0) {
            throw new IOException("LZ4 frames with a dictionary are not supported");
        }
        int sizeId = (bd >>> 4) & 0x07;
        if (sizeId < 4) {
            throw new IOException("LZ4 frame header has an invalid block size (corrupt header)");
        }
        int length = 2;
        long contentSize = -1;
        if ((flg & 0x08) != 0) {
            readFully(d, length, 8, "LZ4 frame header");
            contentSize = le64(d, length);
            length += 8;
        }
        int hc = in.read();
        if (hc < 0) {
            throw new EOFException("stream ended prematurely inside the LZ4 frame header");
        }
        if (hc != ((HASH.hash(d, 0, length, 0) >>> 8) & 0xFF)) {
            throw new IOException("LZ4 frame header checksum mismatch (corrupt header)");
        }
        return new Frame(1 << (8 + 2 * sizeId), (flg & 0x10) != 0, (flg & 0x04) != 0, contentSize);
    }

    /** The next block of the current frame, or null at its end mark (then read {@link #contentChecksum}). */
    Block nextBlock() throws IOException {
        int header = readLe32();
        if (header == 0) {
            return null;
        }
        int size = header & 0x7FFFFFFF;
        if (size > frame.maxBlockSize()) {
            throw new IOException("LZ4 block of " + size + " bytes exceeds the frame's block size "
                    + frame.maxBlockSize() + " (corrupt)");
        }
        byte[] data = new byte[size];
        readFully(data, 0, size, "LZ4 block");
        int checksum = frame.blockChecksums() ? readLe32() : 0;
        return new Block(data, (header & 0x80000000) != 0, frame.blockChecksums(), checksum, frame.maxBlockSize());
    }

    /** After the end mark: the frame's content checksum. */
    int contentChecksum() throws IOException {
        return readLe32();
    }

    /**
     * Decompresses one block into {@code out} (at least the frame's block size long, or null to allocate), after
     * checking its checksum if it has one; returns the decompressed length.
     */
    static int decompress(Block b, byte[] out) throws IOException {
        if (b.checked() && HASH.hash(b.data(), 0, b.data().length, 0) != b.checksum()) {
            throw new IOException("LZ4 block checksum mismatch (corrupt)");
        }
        if (b.stored()) {
            System.arraycopy(b.data(), 0, out, 0, b.data().length);
            return b.data().length;
        }
        try {
            return LZ4.decompress(b.data(), 0, b.data().length, out, 0, b.maxSize());
        } catch (LZ4Exception e) {
            throw new IOException("LZ4 block is corrupt: " + e.getMessage(), e);
        }
    }

    private int readLe32() throws IOException {
        readFully(word, 0, 4, "LZ4 frame");
        return le32(word, 0);
    }

    private void readFully(byte[] b, int off, int len, String what) throws IOException {
        if (in.readNBytes(b, off, len) < len) {
            throw new EOFException("stream ended prematurely inside an " + what);
        }
    }

    private static int le32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    private static long le64(byte[] b, int off) {
        return (le32(b, off) & 0xFFFFFFFFL) | ((long) le32(b, off + 4) << 32);
    }
}
