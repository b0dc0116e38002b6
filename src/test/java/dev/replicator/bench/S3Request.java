package dev.replicator.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A path-style S3 request as seen on the wire: method, bucket, object key (empty for a bucket request) and the raw
 * query string, with its {@link RequestClass}.
 */
public record S3Request(String method, String bucket, String key, String query) {

    /** Parses a request line's method and target, such as {@code GET /bucket?list-type=2&prefix=a HTTP/1.1}. */
    public static S3Request parse(String method, String target) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        if (path.startsWith("http://") || path.startsWith("https://")) { // absolute form
            int slash = path.indexOf('/', path.indexOf("//") + 2);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        path = percentDecode(path.startsWith("/") ? path.substring(1) : path);
        int slash = path.indexOf('/');
        String bucket = slash < 0 ? path : path.substring(0, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        return new S3Request(method.toUpperCase(), bucket, key, query);
    }

    public RequestClass type() {
        return switch (method) {
            case "PUT" -> RequestClass.PUT;
            case "DELETE" -> RequestClass.DELETE;
            case "HEAD" -> RequestClass.HEAD;
            case "POST" -> RequestClass.POST;
            case "GET" -> key.isEmpty() && isListQuery() ? RequestClass.LIST : RequestClass.GET;
            default -> RequestClass.OTHER;
        };
    }

    /** True for the request that makes a new object visible: a plain PUT (not a part) or a multipart completion. */
    public boolean storesObject() {
        return !key.isEmpty() && (method.equals("PUT") && !hasParam("partNumber")
                || method.equals("POST") && hasParam("uploadId"));
    }

    private boolean isListQuery() {
        return query.isEmpty() || hasParam("list-type") || hasParam("prefix") || hasParam("delimiter")
                || hasParam("marker") || hasParam("continuation-token") || hasParam("uploads") || hasParam("versions");
    }

    private boolean hasParam(String name) {
        for (String p : query.split("&")) {
            if (p.equals(name) || p.startsWith(name + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
