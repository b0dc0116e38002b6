package dev.replicator.wal;

/**
 * SQLite's cumulative WAL checksum: two 32-bit sums over 32-bit words, seeded from the previous value.
 * Values are packed as {@code (s0 << 32) | s1}. Word order for the arithmetic comes from the header magic.
 */
public final class WalChecksum {

    private WalChecksum() {
    }

    public static long pack(int s0, int s1) {
        return ((long) s0 << 32) | (s1 & 0xFFFF_FFFFL);
    }

    public static int first(long packed) {
        return (int) (packed >>> 32);
    }

    public static int second(long packed) {
        return (int) packed;
    }

    /** Continues {@code seed} over {@code len} bytes (a multiple of 8) of {@code buf} from {@code off}. */
    public static long update(boolean bigEndian, long seed, byte[] buf, int off, int len) {
        if ((len & 7) != 0) {
            throw new IllegalArgumentException("checksum length must be a multiple of 8: " + len);
        }
        int s0 = first(seed);
        int s1 = second(seed);
        int end = off + len;
        if (bigEndian) {
            for (int i = off; i < end; i += 8) {
                s0 += readBig(buf, i) + s1;
                s1 += readBig(buf, i + 4) + s0;
            }
        } else {
            for (int i = off; i < end; i += 8) {
                s0 += readLittle(buf, i) + s1;
                s1 += readLittle(buf, i + 4) + s0;
            }
        }
        return pack(s0, s1);
    }

    private static int readBig(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static int readLittle(byte[] b, int i) {
        return (b[i + 3] & 0xFF) << 24 | (b[i + 2] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i] & 0xFF);
    }
}
