package dev.replicator.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the HTTP/1.1 messages of one direction of a connection, for the test proxies: each head, then the body it
 * announces (Content-Length bytes, chunks with their size lines and trailers, or a response's bytes up to the end of
 * the stream), copied as raw bytes or skipped.
 */
public final class HttpReader {

    private final InputStream in;

    public HttpReader(InputStream in) {
        this.in = in;
    }

    /** The next message's head, or null where the stream ends before one starts. */
    public HttpHead readHead() throws IOException {
        String start = readLine(true);
        while (start != null && start.isEmpty()) {
            start = readLine(true); // tolerate a stray CRLF between messages
        }
        if (start == null) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            headers.add(line);
        }
        return new HttpHead(start, headers);
    }

    /** Writes the raw body that {@code head} announces to {@code to}; {@code answersHead}: a response to a HEAD. */
    public void copyBody(HttpHead head, boolean answersHead, OutputStream to) throws IOException {
        if (head.isResponse() && (answersHead || head.status() / 100 == 1 || head.status() == 204
                || head.status() == 304)) {
            return;
        }
        if (head.chunked()) {
            copyChunked(to);
        } else if (head.contentLength() >= 0) {
            copyExactly(head.contentLength(), to);
        } else if (head.isResponse()) {
            in.transferTo(to); // delimited by the end of the connection
        }
    }

    public byte[] readBody(HttpHead head, boolean answersHead) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        copyBody(head, answersHead, body);
        return body.toByteArray();
    }

    public void skipBody(HttpHead head, boolean answersHead) throws IOException {
        copyBody(head, answersHead, OutputStream.nullOutputStream());
    }

    private void copyChunked(OutputStream to) throws IOException {
        while (true) {
            String sizeLine = readLine(false);
            to.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(false); ; trailer = readLine(false)) {
                    to.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    if (trailer.isEmpty()) {
                        return;
                    }
                }
            }
            copyExactly(size + 2, to); // the chunk and its CRLF
        }
    }

    private void copyExactly(long n, OutputStream to) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("body ended after " + (n - left) + " of " + n + " bytes");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    /** A line without its CRLF (or LF); null at the end of the stream before its first byte where that may be. */
    private String readLine(boolean endAllowed) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (endAllowed && line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside an HTTP message");
            }
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
    }
}
