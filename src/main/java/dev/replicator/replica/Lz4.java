package dev.replicator.replica;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

import java.io.IOException;
import java.io.InputStream;

/** LZ4 frames as Litestream writes and reads them, as streams so nothing is held whole in memory (C3). */
public final class Lz4 {

    private Lz4() {
    }

    public static InputStream decompress(InputStream compressed) throws IOException {
        return new LZ4FrameInputStream(compressed);
    }

    /** A stream of the LZ4 frame of {@code source}, compressed as it is read. Closing it closes {@code source}. */
    public static InputStream compress(InputStream source) {
        return new PullStream(source, sink -> new LZ4FrameOutputStream(sink, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                -1L, LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM));
    }
}
