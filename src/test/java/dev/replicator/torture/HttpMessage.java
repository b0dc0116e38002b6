package dev.replicator.torture;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 request or response as raw bytes: the start line, the header lines and the body exactly as they came
 * off the wire (a chunked body stays chunked), so the proxy can pass them on without breaking a SigV4 signature.
 */
final class HttpMessage {

    private final String startLine;
    private final List<String> headers;
    private final byte[] body;

    private HttpMessage(String startLine, List<String> headers, byte[] body) {
        this.startLine = startLine;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /** Reads a request's start line and headers; the body is read by {@link #withBody}. */
    static HttpMessage readHead(InputStream in) throws IOException {
        String start = readLine(in);
        while (start.isEmpty()) {
            start = readLine(in); // tolerate a stray CRLF between messages
        }
        List<String> headers = new ArrayList<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            headers.add(line);
        }
        return new HttpMessage(start, headers, new byte[0]);
    }

    /** Reads the body that this head announces: Content-Length bytes, chunks, or (responses only) up to EOF. */
    HttpMessage withBody(InputStream in, boolean isResponseToHead) throws IOException {
        if (isResponseToHead || (isResponse() && (status() / 100 == 1 || status() == 204 || status() == 304))) {
            return this;
        }
        Optional<String> length = header("content-length");
        if (length.isPresent()) {
            return new HttpMessage(startLine, headers, readExactly(in, Integer.parseInt(length.get().trim())));
        }
        if (header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false)) {
            return new HttpMessage(startLine, headers, readChunked(in));
        }
        return new HttpMessage(startLine, headers, isResponse() ? in.readAllBytes() : new byte[0]);
    }

    boolean isResponse() {
        return startLine.startsWith("HTTP/");
    }

    String method() {
        return startLine.substring(0, startLine.indexOf(' '));
    }

    /** The request target, e.g. {@code /bucket/prefix/generations/...?x-id=PutObject}. */
    String target() {
        String[] parts = startLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    int status() {
        return Integer.parseInt(startLine.split(" ")[1]);
    }

    byte[] body() {
        return body;
    }

    Optional<String> header(String name) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(h.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    /** A copy without the named headers and with {@code extra} added (names compared case-insensitively). */
    HttpMessage rewriteHeaders(List<String> drop, List<String> extra) {
        List<String> kept = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = colon > 0 ? h.substring(0, colon).trim() : h;
            if (drop.stream().noneMatch(name::equalsIgnoreCase)) {
                kept.add(h);
            }
        }
        kept.addAll(extra);
        return new HttpMessage(startLine, kept, body);
    }

    /** Start line, headers and the blank line, ready to write. */
    byte[] headBytes() {
        StringBuilder b = new StringBuilder(startLine).append("\r\n");
        headers.forEach(h -> b.append(h).append("\r\n"));
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return startLine;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed inside an HTTP head");
            }
            if (c == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            line.write(c);
        }
    }

    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("body ended after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    /** The chunked body as raw bytes, size lines, trailers and final CRLF included. */
    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            raw.writeBytes((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = readLine(in); ; trailer = readLine(in)) {
                    raw.writeBytes((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    if (trailer.isEmpty()) {
                        return raw.toByteArray();
                    }
                }
            }
            raw.writeBytes(readExactly(in, size));
            raw.writeBytes(readExactly(in, 2));
        }
    }
}
