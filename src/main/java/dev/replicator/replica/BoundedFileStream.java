package dev.replicator.replica;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Opens the byte range [from, to) of a file as a stream. */
final class BoundedFileStream {

    private BoundedFileStream() {
    }

    static InputStream open(Path file, long from, long to) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ch.position(from);
        InputStream in = Channels.newInputStream(ch);
        return new InputStream() {
            private long remaining = to - from;

            @Override
            public int read() throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    remaining--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new IOException(file + " ended at " + (to - remaining) + ", before " + to);
                }
                remaining -= n;
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
