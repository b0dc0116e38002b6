package dev.replicator.torture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads how many frames the current WAL holds from SQLite's shared-memory wal-index (the -shm file). */
final class WalIndex {

    private WalIndex() {
    }

    /**
     * mxFrame of the first wal-index header copy: a u32 at offset 16 of the -shm file, in native byte order. 0 when
     * there is no -shm file.
     */
    static long frames(Path db) {
        Path shm = Path.of(db + "-shm");
        if (!Files.exists(shm)) {
            return 0;
        }
        try (RandomAccessFile f = new RandomAccessFile(shm.toFile(), "r")) {
            if (f.length() < 20) {
                return 0;
            }
            byte[] bytes = new byte[4];
            f.seek(16);
            f.readFully(bytes);
            return Integer.toUnsignedLong(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).getInt());
        } catch (IOException e) {
            return 0;
        }
    }
}
