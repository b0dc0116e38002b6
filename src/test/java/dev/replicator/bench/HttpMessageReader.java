package dev.replicator.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the HTTP/1.1 messages of one direction of a connection: each head, then skips its body (by Content-Length,
 * chunked encoding, or to the end of the stream). The bench's proxy forwards the bytes itself; this only observes.
 */
public final class HttpMessageReader {

    private final InputStream in;

    public HttpMessageReader(InputStream in) {
        this.in = in;
    }

    /** The next message's head, or null at the end of the stream before one. */
    public HttpHead readHead() throws IOException {
        String startLine = readLine();
        while (startLine != null && startLine.isEmpty()) {
            startLine = readLine(); // tolerate a stray CRLF between messages
        }
        if (startLine == null) {
            return null;
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new HttpHead(startLine, headers);
    }

    /** Skips a request's body. */
    public void skipRequestBody(HttpHead request) throws IOException {
        if (request.chunked()) {
            skipChunked();
        } else {
            skip(Math.max(0, request.contentLength()));
        }
    }

    /** Skips a response's body; {@code requestMethod} is that of the request it answers. */
    public void skipResponseBody(HttpHead response, String requestMethod) throws IOException {
        int status = response.status();
        if (requestMethod.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
            return;
        }
        if (response.chunked()) {
            skipChunked();
        } else if (response.contentLength() >= 0) {
            skip(response.contentLength());
        } else {
            skip(Long.MAX_VALUE); // delimited by the end of the connection
        }
    }

    private void skipChunked() throws IOException {
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new EOFException("end of stream in a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                    // trailers, such as x-amz-checksum-crc32 of aws-chunked uploads
                }
                return;
            }
            skip(size);
            readLine(); // the CRLF after the chunk
        }
    }

    private void skip(long n) throws IOException {
        boolean toEnd = n == Long.MAX_VALUE;
        byte[] buffer = new byte[8192];
        while (n > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (read < 0) {
                if (toEnd) {
                    return;
                }
                throw new EOFException(n + " bytes of body missing");
            }
            n -= read;
        }
    }

    /** A line without its CRLF (or LF), or null at the end of the stream before any byte. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }
}
