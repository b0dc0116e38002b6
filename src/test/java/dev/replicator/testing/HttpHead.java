package dev.replicator.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The start line and header lines of one HTTP/1.1 request or response, as they came off the wire (order and spelling
 * kept, so a proxy can pass them on without breaking a SigV4 signature).
 */
public record HttpHead(String startLine, List<String> headers) {

    public HttpHead {
        headers = List.copyOf(headers);
    }

    public boolean isResponse() {
        return startLine.startsWith("HTTP/");
    }

    /** For a request: its method. */
    public String method() {
        return startLine.split(" ", 3)[0];
    }

    /** For a request: its target, e.g. {@code /bucket/prefix/generations/...?x-id=PutObject}. */
    public String target() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? parts[1] : "";
    }

    /** For a response: its status code. */
    public int status() {
        return Integer.parseInt(startLine.split(" ", 3)[1]);
    }

    /** The value of the first header called {@code name} (compared case-insensitively). */
    public Optional<String> header(String name) {
        for (String h : headers) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return Optional.of(h.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    public boolean chunked() {
        return header("transfer-encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
    }

    /** The Content-Length, or -1 without one. */
    public long contentLength() {
        return header("content-length").map(v -> Long.parseLong(v.trim())).orElse(-1L);
    }

    /** A copy without the named headers and with {@code extra} added (names compared case-insensitively). */
    public HttpHead rewriteHeaders(List<String> drop, List<String> extra) {
        List<String> kept = new ArrayList<>();
        for (String h : headers) {
            int colon = h.indexOf(':');
            String name = colon > 0 ? h.substring(0, colon).trim() : h;
            if (drop.stream().noneMatch(name::equalsIgnoreCase)) {
                kept.add(h);
            }
        }
        kept.addAll(extra);
        return new HttpHead(startLine, kept);
    }

    /** Start line, headers and the blank line, ready to write. */
    public byte[] bytes() {
        StringBuilder b = new StringBuilder(startLine).append("\r\n");
        headers.forEach(h -> b.append(h).append("\r\n"));
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return startLine;
    }
}
