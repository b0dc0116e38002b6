package dev.replicator.replica.s3;

import java.io.IOException;
import java.io.InputStream;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The body of a GET that carries on where it broke off. A connection that drops mid-body, or a body that ends before
 * its Content-Length (which the URL-connection HTTP client passes off as a normal end of stream), is continued with
 * a ranged GET of the same object version (If-Match its ETag). After {@code maxAttempts} breaks in a row without
 * progress it fails with a message naming the object, so a flaky network is never mistaken for a damaged replica.
 */
final class ResumingDownload extends InputStream {

    /** Opens the object from byte {@code from}, of version {@code eTag} if not null. */
    @FunctionalInterface
    interface Opener {
        ResponseInputStream<GetObjectResponse> open(long from, String eTag);
    }

    private final String url;
    private final Opener opener;
    private final int maxAttempts;
    private final Long length;
    private final String eTag;
    private InputStream current;
    private long position;
    private int breaks;

    private ResumingDownload(String url, Opener opener, int maxAttempts, ResponseInputStream<GetObjectResponse> first) {
        this.url = url;
        this.opener = opener;
        this.maxAttempts = maxAttempts;
        this.length = first.response().contentLength();
        this.eTag = first.response().eTag();
        this.current = first;
    }

    /** Opens the object; the first request's {@link SdkException} is the caller's to translate. */
    static InputStream open(String url, Opener opener, int maxAttempts) {
        ResponseInputStream<GetObjectResponse> first = opener.open(0, null);
        if (first.response().contentLength() == null) {
            return first; // no length to check against
        }
        return new ResumingDownload(url, opener, maxAttempts, first);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position < length) {
            int n;
            try {
                n = current.read(b, off, (int) Math.min(len, length - position));
            } catch (IOException | SdkException e) {
                resume(e);
                continue;
            }
            if (n < 0) {
                resume(null);
                continue;
            }
            position += n;
            breaks = 0;
            return n;
        }
        return -1;
    }

    private void resume(Exception cause) throws IOException {
        breaks++;
        closeCurrent();
        if (breaks >= maxAttempts) {
            IOException e = new IOException(url + ": download broke off at byte " + position + " of " + length
                    + ", " + breaks + " times in a row: check the network and the endpoint");
            if (cause != null) {
                e.initCause(cause);
            }
            throw e;
        }
        try {
            current = opener.open(position, eTag);
        } catch (SdkException e) {
            current = InputStream.nullInputStream();
            throw new IOException(url + ": resuming the download at byte " + position + " failed: "
                    + e.getMessage(), e);
        }
    }

    private void closeCurrent() {
        try {
            current.close();
        } catch (IOException | RuntimeException ignored) {
            // the connection is already broken
        }
    }

    @Override
    public int available() throws IOException {
        return current.available();
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
