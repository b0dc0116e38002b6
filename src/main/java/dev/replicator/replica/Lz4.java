package dev.replicator.replica;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** LZ4 frames as Litestream writes and reads them, as streams so nothing is held whole in memory (C3). */
public final class Lz4 {

    private static final int CHUNK = 64 * 1024;

    private Lz4() {
    }

    public static InputStream decompress(InputStream compressed) throws IOException {
        return new LZ4FrameInputStream(compressed);
    }

    /** A stream of the LZ4 frame of {@code source}, compressed as it is read. Closing it closes {@code source}. */
    public static InputStream compress(InputStream source) throws IOException {
        return new CompressingStream(source);
    }

    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }

    private static final class CompressingStream extends InputStream {
        private final InputStream source;
        private final Buffer out = new Buffer();
        private final LZ4FrameOutputStream lz4;
        private final byte[] chunk = new byte[CHUNK];
        private int readPos;
        private boolean finished;

        CompressingStream(InputStream source) throws IOException {
            this.source = source;
            this.lz4 = new LZ4FrameOutputStream(out, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, -1L,
                    LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM);
        }

        private boolean fill() throws IOException {
            while (readPos >= out.size()) {
                if (finished) {
                    return false;
                }
                out.reset();
                readPos = 0;
                int n = source.readNBytes(chunk, 0, CHUNK);
                if (n > 0) {
                    lz4.write(chunk, 0, n);
                }
                if (n < CHUNK) {
                    lz4.close();
                    finished = true;
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return fill() ? out.bytes()[readPos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, out.size() - readPos);
            System.arraycopy(out.bytes(), readPos, b, off, n);
            readPos += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }
}
