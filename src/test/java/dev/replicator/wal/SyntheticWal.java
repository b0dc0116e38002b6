package dev.replicator.wal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds WAL bytes the way SQLite writes them, so tests control every field. */
final class SyntheticWal {

    final boolean bigEndian;
    final int pageSize;
    final int salt1;
    final int salt2;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long checksum;

    SyntheticWal(boolean bigEndian, int pageSize, int salt1, int salt2) {
        this.bigEndian = bigEndian;
        this.pageSize = pageSize;
        this.salt1 = salt1;
        this.salt2 = salt2;
        byte[] h = ByteBuffer.allocate(32)
                .putInt(bigEndian ? WalHeader.MAGIC_BIG_ENDIAN : WalHeader.MAGIC_LITTLE_ENDIAN)
                .putInt(WalHeader.FORMAT_VERSION).putInt(pageSize).putInt(7).putInt(salt1).putInt(salt2)
                .array();
        checksum = WalChecksum.update(bigEndian, 0, h, 0, 24);
        ByteBuffer.wrap(h, 24, 8).putInt(WalChecksum.first(checksum)).putInt(WalChecksum.second(checksum));
        out.writeBytes(h);
    }

    SyntheticWal frame(int pageNo, int commitSize, byte fill) {
        byte[] f = new byte[WalFrameHeader.SIZE + pageSize];
        for (int i = WalFrameHeader.SIZE; i < f.length; i++) {
            f[i] = (byte) (fill + i * 31);
        }
        ByteBuffer.wrap(f).putInt(pageNo).putInt(commitSize).putInt(salt1).putInt(salt2);
        checksum = WalChecksum.update(bigEndian, checksum, f, 0, 8);
        checksum = WalChecksum.update(bigEndian, checksum, f, WalFrameHeader.SIZE, pageSize);
        ByteBuffer.wrap(f, 16, 8).putInt(WalChecksum.first(checksum)).putInt(WalChecksum.second(checksum));
        out.writeBytes(f);
        return this;
    }

    int frameSize() {
        return WalFrameHeader.SIZE + pageSize;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
