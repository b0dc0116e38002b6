package dev.replicator.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an SFTP replica lives and how to log in, as Litestream v0.3's {@code type: sftp}. The host key is not checked
 * (Litestream v0.3.13 does not check it either); {@link #toString()} never shows the password.
 *
 * @param path the replica root on the server: absolute, or relative to the user's login directory ("" for it)
 * @param password empty to log in with {@code keyPath} only
 * @param keyPath a private key file (OpenSSH or PEM format)
 */
public record SftpSettings(String host, int port, String user, Optional<String> password, Optional<Path> keyPath,
                           String path) {

    public static final int DEFAULT_PORT = 22;

    public SftpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keyPath, "keyPath");
        path = path == null ? "" : path.replaceAll("(?<=.)/+$", "");
    }

    /** {@code sftp://user@host:port/path}; no password. */
    public String describe() {
        return "sftp://" + user + "@" + host + (port == DEFAULT_PORT ? "" : ":" + port)
                + (path.isEmpty() || path.startsWith("/") ? path : "/~/" + path);
    }

    /** The server path of a '/'-separated key relative to the replica root. */
    public String resolve(String relative) {
        return path.isEmpty() ? relative : path.equals("/") ? "/" + relative : path + "/" + relative;
    }

    public SftpSettings under(String relativePath) {
        return new SftpSettings(host, port, user, password, keyPath, resolve(relativePath));
    }

    @Override
    public String toString() {
        return "SftpSettings[" + describe() + ", password=" + password.map(p -> "****").orElse("(none)")
                + ", keyPath=" + keyPath.map(Path::toString).orElse("(none)") + "]";
    }
}
