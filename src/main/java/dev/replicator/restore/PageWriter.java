package dev.replicator.restore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes pages into the restored file, joining writes to adjacent positions into one (SQLite writes a transaction's
 * frames in page order, so runs of consecutive pages are common). Writes reach the file in the order they are given:
 * one that does not continue the current run flushes it first. {@link #flush} before anything else uses the file.
 */
final class PageWriter {

    private static final int RUN_BYTES = 1 << 20;

    private final FileChannel file;
    private final ByteBuffer run = ByteBuffer.allocateDirect(RUN_BYTES);
    private long runStart = -1;

    PageWriter(FileChannel file) {
        this.file = file;
    }

    /** Writes {@code length} bytes of {@code data} from {@code offset} at {@code position} of the file. */
    void write(long position, byte[] data, int offset, int length) throws IOException {
        if (runStart >= 0 && (position != runStart + run.position() || run.remaining() < length)) {
            flush();
        }
        if (length > run.capacity()) {
            writeFully(ByteBuffer.wrap(data, offset, length), position);
            return;
        }
        if (runStart < 0) {
            runStart = position;
        }
        run.put(data, offset, length);
    }

    void flush() throws IOException {
        if (runStart < 0) {
            return;
        }
        run.flip();
        writeFully(run, runStart);
        run.clear();
        runStart = -1;
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += file.write(buffer, position);
        }
    }
}
