package dev.replicator.bench;

import java.util.Locale;
import java.util.Map;

/** The start line and headers (names in lower case) of one HTTP/1.1 message. */
public record HttpHead(String startLine, Map<String, String> headers) {

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** For a request: its method. */
    public String method() {
        return startLine.split(" ", 3)[0];
    }

    /** For a request: its target. */
    public String target() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? parts[1] : "";
    }

    /** For a response: its status code. */
    public int status() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    public boolean chunked() {
        String te = header("transfer-encoding");
        return te != null && te.toLowerCase(Locale.ROOT).contains("chunked");
    }

    /** The Content-Length, or -1 without one. */
    public long contentLength() {
        String cl = header("content-length");
        return cl == null ? -1 : Long.parseLong(cl.trim());
    }
}
