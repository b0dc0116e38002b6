package dev.replicator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** Litestream v0.3's {@code sftp://USER[:PASSWORD]@HOST[:PORT]/PATH} and {@code abs://[ACCOUNT@]CONTAINER/PATH}. */
final class RemoteUrls {

    private RemoteUrls() {
    }

    static ReplicaUrl parse(String scheme, String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + ReplicaUrl.redact(url) + "' is not a valid URL (" + e.getReason()
                    + "); percent-encode spaces and special characters");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(ReplicaUrl.redact(url) + " has a query or fragment; " + scheme
                    + " URLs take none: set the other keys (like endpoint) beside url");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(ReplicaUrl.redact(url) + " has no " + (scheme.equals("sftp") ? "host"
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
            throw new IllegalArgumentException(ReplicaUrl.redact(url) + " carries a key; remove it and set "
                    + "account-key or LITESTREAM_AZURE_ACCOUNT_KEY");
        }
        if (uri.getPort() >= 0) {
            throw new IllegalArgumentException(url + " has a port; abs URLs name a container: set endpoint: "
                    + "http://HOST:" + uri.getPort() + "/ACCOUNT for a local emulator");
        }
        return new ReplicaUrl(ReplicaType.ABS, ReplicaUrl.cleanPrefix(path), uri.getHost(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), user, Optional.empty());
    }
}
