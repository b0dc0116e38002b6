package dev.replicator.wal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** The 32-byte header of a SQLite WAL file. All fields are stored big-endian. */
public record WalHeader(int magic, int formatVersion, int pageSize, int checkpointSeq,
                        int salt1, int salt2, int checksum1, int checksum2) {

    public static final int SIZE = 32;
    public static final int MAGIC_LITTLE_ENDIAN = 0x377f0682;
    public static final int MAGIC_BIG_ENDIAN = 0x377f0683;
    public static final int FORMAT_VERSION = 3007000;

    /** Parses and verifies magic, version, page size and the header checksum. */
    public static WalHeader parse(byte[] bytes) throws WalFormatException {
        if (bytes.length < SIZE) {
            throw new WalFormatException("WAL header too short: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, SIZE);
        WalHeader h = new WalHeader(b.getInt(), b.getInt(), b.getInt(), b.getInt(),
                b.getInt(), b.getInt(), b.getInt(), b.getInt());
        if (h.magic != MAGIC_LITTLE_ENDIAN && h.magic != MAGIC_BIG_ENDIAN) {
            throw new WalFormatException(String.format("bad WAL magic 0x%08x", h.magic));
        }
        if (h.formatVersion != FORMAT_VERSION) {
            throw new WalFormatException("unsupported WAL format version " + h.formatVersion);
        }
        if (!validPageSize(h.pageSize)) {
            throw new WalFormatException("invalid WAL page size " + Integer.toUnsignedString(h.pageSize));
        }
        long expected = WalChecksum.update(h.bigEndianChecksums(), 0, bytes, 0, 24);
        if (WalChecksum.first(expected) != h.checksum1 || WalChecksum.second(expected) != h.checksum2) {
            throw new WalFormatException("WAL header checksum mismatch");
        }
        return h;
    }

    // SQLite stores 65536 as 1 in the database header, but the WAL header holds the real value.
    static boolean validPageSize(int size) {
        return size >= 512 && size <= 65536 && Integer.bitCount(size) == 1;
    }

    public boolean bigEndianChecksums() {
        return (magic & 1) == 1;
    }

    /** The cumulative checksum that seeds the first frame. */
    public long checksum() {
        return WalChecksum.pack(checksum1, checksum2);
    }

    public int frameSize() {
        return WalFrameHeader.SIZE + pageSize;
    }

    public boolean sameSalts(int s1, int s2) {
        return salt1 == s1 && salt2 == s2;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(SIZE).putInt(magic).putInt(formatVersion).putInt(pageSize)
                .putInt(checkpointSeq).putInt(salt1).putInt(salt2).putInt(checksum1).putInt(checksum2).array();
    }

    public boolean sameBytes(WalHeader other) {
        return other != null && Arrays.equals(toBytes(), other.toBytes());
    }
}
