package dev.replicator.replica;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Turns a push-style encoder (one that wraps an {@link OutputStream}) into a stream that is read: each read pushes
 * the next chunk of the source through the encoder into a small buffer, so memory stays bounded by the chunk and
 * the encoder's own block (C3). Closing it closes the source.
 */
final class PullStream extends InputStream {

    /** Wraps the sink the encoded bytes go to; closing the returned stream must flush everything. */
    @FunctionalInterface
    interface Encoder {
        OutputStream wrap(OutputStream sink) throws IOException;
    }

    private static final int CHUNK = 64 * 1024;

    private final InputStream source;
    private final Buffer out = new Buffer();
    private final byte[] chunk = new byte[CHUNK];
    private final Encoder encoder;
    private OutputStream encoding;
    private int readPos;
    private boolean finished;

    PullStream(InputStream source, Encoder encoder) {
        this.source = source;
        this.encoder = encoder;
    }

    private boolean fill() throws IOException {
        while (readPos >= out.size()) {
            if (finished) {
                return false;
            }
            out.reset();
            readPos = 0;
            if (encoding == null) {
                encoding = encoder.wrap(out); // may write a header into out already
            }
            int n = source.readNBytes(chunk, 0, CHUNK);
            if (n > 0) {
                encoding.write(chunk, 0, n);
            }
            if (n < CHUNK) {
                encoding.close();
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

    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
