package dev.replicator.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Writes every byte read from {@code in} to {@code out} at once, so a parser reading it forwards the stream unchanged. */
final class ForwardingInputStream extends FilterInputStream {

    private final OutputStream out;

    ForwardingInputStream(InputStream in, OutputStream out) {
        super(in);
        this.out = out;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            out.write(b);
            out.flush();
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            out.write(buffer, offset, n);
            out.flush();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return read(new byte[(int) Math.min(n, 8192)]);
    }
}
