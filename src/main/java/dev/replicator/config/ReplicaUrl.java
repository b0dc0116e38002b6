package dev.replicator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replica URL split into its parts: {@code s3://bucket/path?endpoint=..&region=..&forcePathStyle=true},
 * {@code file:///dir}, or a plain absolute path (a directory). Error messages leave out the key name; the caller
 * puts it in front.
 *
 * @param location the directory of a file replica, or the key prefix (no leading or trailing slash) of an s3 one
 * @param bucket "" for a file replica
 */
record ReplicaUrl(
        ReplicaType type,
        String location,
        String bucket,
        Optional<String> endpoint,
        Optional<String> region,
        Optional<Boolean> forcePathStyle,
        Optional<Boolean> skipVerify,
        Optional<String> user,
        Optional<String> password) {

    static final String FORMS = "s3://BUCKET/PATH, sftp://USER@HOST[:PORT]/PATH, abs://[ACCOUNT@]CONTAINER/PATH, "
            + "file:///DIR or an absolute path";
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");
    private static final Pattern LOCALHOST = Pattern.compile("(?:(.+)\\.)?localhost");
    private static final Pattern AWS_GLOBAL = Pattern.compile("(.+)\\.s3\\.amazonaws\\.com");
    private static final Pattern AWS_REGIONAL = Pattern.compile("(.+)\\.s3[.-]([a-z0-9-]+)\\.amazonaws\\.com");
    private static final List<String> QUERY_KEYS = List.of("endpoint", "region", "forcePathStyle", "skipVerify");

    /** @throws IllegalArgumentException naming what is wrong and how to write it */
    static ReplicaUrl parse(String url) {
        if (url.startsWith("/")) {
            return file(url);
        }
        Matcher scheme = SCHEME.matcher(url);
        if (!scheme.find()) {
            throw new IllegalArgumentException("'" + url + "' is not a replica URL; write " + FORMS);
        }
        String lowerScheme = scheme.group(1).toLowerCase(Locale.ROOT);
        if (lowerScheme.equals("sftp") || lowerScheme.equals("abs")) {
            return remote(lowerScheme, url);
        }
        if (lowerScheme.equals("gs")) {
            throw new IllegalArgumentException(url + ": " + ReplicaType.GCS_ALTERNATIVE);
        }
        if (USER_INFO.matcher(url).find()) {
            throw new IllegalArgumentException(redact(url) + " carries credentials; remove them and set "
                    + "access-key-id and secret-access-key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + "); percent-encode spaces and special characters");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(url + " has a '#' fragment; remove it");
        }
        return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "file" -> fileUri(url, uri);
            case "s3" -> s3(url, uri);
            default -> throw new IllegalArgumentException("unsupported scheme '" + scheme.group(1) + "' in " + url
                    + "; write " + FORMS);
        };
    }

    private static ReplicaUrl file(String dir) {
        return new ReplicaUrl(ReplicaType.FILE, dir, "", Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ReplicaUrl fileUri(String url, URI uri) {
        String host = uri.getRawAuthority();
        if (host != null && !host.isEmpty() && !host.equals("localhost")) {
            throw new IllegalArgumentException(url + " names a host; write file:///ABSOLUTE/DIR (three slashes)");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException(url + " has query parameters; file URLs take none, remove '?...'");
        }
        String path = uri.getPath();
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(url + " has no absolute directory; write file:///ABSOLUTE/DIR");
        }
        return file(path);
    }

    private static ReplicaUrl s3(String url, URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new IllegalArgumentException(url + " has no bucket; write s3://BUCKET/PATH");
        }
        String host = authority;
        String port = null;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0) {
            host = authority.substring(0, colon);
            port = authority.substring(colon + 1);
        }
        String bucket;
        Optional<String> endpoint = Optional.empty();
        Optional<String> region = Optional.empty();
        Optional<Boolean> forcePathStyle = Optional.empty();
        Matcher m;
        if ((m = LOCALHOST.matcher(host)).matches()) {
            if (m.group(1) == null) {
                throw new IllegalArgumentException(url + " has no bucket; write s3://BUCKET.localhost"
                        + (port == null ? "" : ":" + port) + "/PATH");
            }
            bucket = m.group(1);
            endpoint = Optional.of("http://localhost" + (port == null ? "" : ":" + port));
            region = Optional.of("us-east-1");
            forcePathStyle = Optional.of(true);
        } else if (port != null) {
            throw new IllegalArgumentException(url + " has a port in its host; write s3://BUCKET/PATH?endpoint=http://"
                    + "HOST:" + port);
        } else if ((m = AWS_REGIONAL.matcher(host)).matches()) {
            bucket = m.group(1);
            region = Optional.of(m.group(2));
        } else if ((m = AWS_GLOBAL.matcher(host)).matches()) {
            bucket = m.group(1);
        } else {
            bucket = host;
        }
        String path = cleanPrefix(uri.getPath() == null ? "" : uri.getPath());
        Map<String, String> query = query(url, uri.getRawQuery());
        if (query.containsKey("endpoint")) {
            endpoint = Optional.of(normalizeEndpoint(query.get("endpoint")));
            forcePathStyle = Optional.of(true);
        }
        if (query.containsKey("region")) {
            region = Optional.of(query.get("region"));
        }
        if (query.containsKey("forcePathStyle")) {
            forcePathStyle = Optional.of(bool(url, "forcePathStyle", query.get("forcePathStyle")));
        }
        Optional<Boolean> skipVerify = query.containsKey("skipVerify")
                ? Optional.of(bool(url, "skipVerify", query.get("skipVerify")))
                : Optional.empty();
        return new ReplicaUrl(ReplicaType.S3, path, bucket, endpoint, region, forcePathStyle, skipVerify,
                Optional.empty(), Optional.empty());
    }

    /** Litestream v0.3's {@code sftp://USER[:PASSWORD]@HOST[:PORT]/PATH} and {@code abs://[ACCOUNT@]CONTAINER/PATH}. */
    private static ReplicaUrl remote(String scheme, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(url) + "' is not a valid URL (" + e.getReason()
                    + "); percent-encode spaces and special characters");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(redact(url) + " has a query or fragment; " + scheme
                    + " URLs take none: set the other keys (like endpoint) beside url");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(redact(url) + " has no " + (scheme.equals("sftp") ? "host"
                    : "container") + "; write " + (scheme.equals("sftp") ? "sftp://USER@HOST[:PORT]/PATH"
                    : "abs://[ACCOUNT@]CONTAINER/PATH"));
        }
        String userInfo = uri.getUserInfo();
        Optional<String> user = Optional.ofNullable(userInfo).map(u -> u.contains(":") ? u.substring(0,
                u.indexOf(':')) : u).filter(u -> !u.isEmpty());
        Optional<String> password = Optional.ofNullable(userInfo).filter(u -> u.contains(":"))
                .map(u -> u.substring(u.indexOf(':') + 1)).filter(p -> !p.isEmpty());
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (scheme.equals("sftp")) {
            String host = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return new ReplicaUrl(ReplicaType.SFTP, path, host, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), user, password);
        }
        if (password.isPresent()) {
            throw new IllegalArgumentException(redact(url) + " carries a key; remove it and set "
                    + "account-key or LITESTREAM_AZURE_ACCOUNT_KEY");
        }
        if (uri.getPort() >= 0) {
            throw new IllegalArgumentException(url + " has a port; abs URLs name a container: set endpoint: "
                    + "http://HOST:" + uri.getPort() + "/ACCOUNT for a local emulator");
        }
        return new ReplicaUrl(ReplicaType.ABS, cleanPrefix(path), uri.getHost(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), user, Optional.empty());
    }

    private static Map<String, String> query(String url, String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (!QUERY_KEYS.contains(key)) {
                String hint = Suggestions.closest(key, QUERY_KEYS).map(s -> "did you mean '" + s + "'?")
                        .orElse("known ones are " + String.join(", ", QUERY_KEYS));
                throw new IllegalArgumentException("unknown query parameter '" + key + "' in " + url + ": " + hint);
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("query parameter " + key + " in " + url
                        + " has no value; write " + key + "=VALUE or remove it");
            }
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("query parameter " + key + " appears twice in " + url
                        + "; keep one");
            }
        }
        return params;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static boolean bool(String url, String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("query parameter " + key + " in " + url
                    + " must be true or false, not '" + value + "'");
        };
    }

    /**
     * An S3 key prefix cleaned as Litestream's {@code path.Join} cleans it, without leading and trailing slashes:
     * "/a//b/" and "./a/b" become "a/b", "a/../b" becomes "b", "." the bucket root.
     */
    static String cleanPrefix(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                if (segments.isEmpty()) {
                    throw new IllegalArgumentException("path '" + path + "' climbs above the bucket root with '..'; "
                            + "write the prefix out");
                }
                segments.remove(segments.size() - 1);
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        return String.join("/", segments);
    }

    /** Whether {@link #cleanPrefix} changes more than slashes: the key prefix is not the text written. */
    static boolean hasDotSegments(String path) {
        return Arrays.stream(path.split("/")).anyMatch(s -> s.equals(".") || s.equals(".."));
    }

    /**
     * An endpoint as a URL with scheme and no trailing slash. A bare host gets https://, or http:// when it is
     * the local machine, as Litestream does.
     */
    static String normalizeEndpoint(String raw) {
        String endpoint = raw.strip();
        if (!endpoint.contains("://")) {
            boolean local = endpoint.startsWith("localhost") || endpoint.startsWith("127.")
                    || endpoint.startsWith("[::1]");
            endpoint = (local ? "http://" : "https://") + endpoint;
        }
        endpoint = endpoint.replaceAll("/+$", "");
        if (!isHttpUrl(endpoint) || URI.create(endpoint).getRawQuery() != null
                || URI.create(endpoint).getRawUserInfo() != null) {
            throw new IllegalArgumentException("endpoint '" + redact(raw) + "' is not a server URL; write one like "
                    + "https://s3.example.com or http://localhost:9000");
        }
        return endpoint;
    }

    /** Whether {@code url} is an http:// or https:// URL with a host. */
    static boolean isHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The URL with any user:password@ part replaced, safe to print. */
    static String redact(String url) {
        return USER_INFO.matcher(url).replaceFirst("$1***@");
    }

    static boolean looksLikeUrl(String text) {
        return text.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*");
    }
}
