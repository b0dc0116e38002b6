package dev.replicator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Streams for tests of large or failing transfers, without holding the content in memory. */
public final class TestStreams {

    private TestStreams() {
    }

    /** {@code size} pseudo-random bytes, the same for the same seed, generated as they are read. */
    public static InputStream random(long seed, long size) {
        return new InputStream() {
            private final SplittableRandom random = new SplittableRandom(seed);
            private long remaining = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (remaining == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, remaining);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) random.nextInt(256);
                }
                remaining -= n;
                return n;
            }
        };
    }

    /** Passes through the first {@code limit} bytes of {@code in}, then throws an IOException. */
    public static InputStream failingAfter(InputStream in, long limit) {
        return new InputStream() {
            private long passed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (passed >= limit) {
                    throw new IOException("simulated read failure after " + limit + " bytes");
                }
                int n = in.read(b, off, (int) Math.min(len, limit - passed));
                if (n > 0) {
                    passed += n;
                }
                return n;
            }
        };
    }

    /** SHA-256 of everything left in {@code in}, as hex; closes the stream. */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream digesting = new DigestInputStream(in, digest)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
