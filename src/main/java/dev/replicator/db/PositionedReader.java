package dev.replicator.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/** Reads a file channel from a given offset without moving the channel's own position. */
final class PositionedReader implements ReadableByteChannel {

    private final FileChannel channel;
    private long position;

    PositionedReader(FileChannel channel, long position) {
        this.channel = channel;
        this.position = position;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = channel.read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        // the channel belongs to the caller
    }
}
