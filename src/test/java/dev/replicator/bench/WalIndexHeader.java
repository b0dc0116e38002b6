package dev.replicator.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the header of a database's wal-index (the {@code -shm} file, shared memory that SQLite maps too), as laid out
 * by {@code struct WalIndexHdr} in sqlite's wal.c: two 48-byte copies, in the machine's byte order: iVersion u32 @0,
 * unused @4, iChange u32 @8, isInit u8 @12, bigEndCksum u8 @13, szPage u16 @14 (1 means 65536), mxFrame u32 @16,
 * nPage @20, aFrameCksum[2] @24, aSalt[2] @32 (copied byte for byte from the WAL header, so read big-endian), aCksum
 * @40. SQLite writes copy 2 then copy 1; a reader that sees them differ raced a writer and retries.
 */
public final class WalIndexHeader implements AutoCloseable {

    /** The fields the bench needs. */
    public record State(int salt1, long mxFrame, int pageSize) {
        public long endOffset() {
            return WalFrameWalker.endOffset(mxFrame, pageSize);
        }
    }

    private static final int COPY_BYTES = 48;

    private final FileChannel channel;
    private final MappedByteBuffer map;

    private WalIndexHeader(FileChannel channel, MappedByteBuffer map) {
        this.channel = channel;
        this.map = map;
    }

    public static WalIndexHeader open(Path shm) throws IOException {
        FileChannel channel = FileChannel.open(shm, StandardOpenOption.READ);
        return new WalIndexHeader(channel, channel.map(FileChannel.MapMode.READ_ONLY, 0, 2 * COPY_BYTES));
    }

    public State read() {
        byte[] first = new byte[COPY_BYTES];
        byte[] second = new byte[COPY_BYTES];
        for (int attempt = 0; ; attempt++) {
            map.get(0, first);
            map.get(COPY_BYTES, second);
            if (java.util.Arrays.equals(first, second) || attempt > 100) {
                return parse(first);
            }
            Thread.onSpinWait();
        }
    }

    static State parse(byte[] copy) {
        ByteBuffer native_ = ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
        int szPage = Short.toUnsignedInt(native_.getShort(14));
        long mxFrame = Integer.toUnsignedLong(native_.getInt(16));
        int salt1 = ByteBuffer.wrap(copy).order(ByteOrder.BIG_ENDIAN).getInt(32);
        return new State(salt1, mxFrame, szPage == 1 ? 65536 : szPage);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
