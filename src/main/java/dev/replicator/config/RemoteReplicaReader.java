package dev.replicator.config;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Reads the settings of {@code type: sftp} and {@code type: abs} replicas, with Litestream v0.3's keys and rules. */
final class RemoteReplicaReader {

    private RemoteReplicaReader() {
    }

    static SftpSettings sftp(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url) {
        if (url.isPresent() && r.host() != null) {
            throw at.fail("host", at.keyPath("host") + " and " + at.keyPath("url") + " both name the server; keep one");
        }
        String hostPort = Optional.ofNullable(r.host()).or(() -> url.map(ReplicaUrl::bucket)).orElseThrow(() ->
                at.failHere(at.name() + ": an sftp replica needs a host; add host: HOST[:PORT] (or url: "
                        + "sftp://USER@HOST/PATH)"));
        String user = Optional.ofNullable(r.user()).or(() -> url.flatMap(ReplicaUrl::user)).orElseThrow(() ->
                at.failHere(at.name() + ": an sftp replica needs a user; add user: NAME (or url: "
                        + "sftp://USER@HOST/PATH)"));
        Optional<String> password = Optional.ofNullable(r.password()).or(() -> url.flatMap(ReplicaUrl::password));
        Optional<Path> keyPath = Optional.ofNullable(r.keyPath()).map(k -> at.read("key-path", k, LocalPaths::resolve));
        if (password.isEmpty() && keyPath.isEmpty()) {
            throw at.failHere(at.name() + ": an sftp replica needs a way to log in; add key-path: /path/to/id_ed25519 "
                    + "or password: ${SFTP_PASSWORD}");
        }
        String path = url.map(ReplicaUrl::location).or(() -> Optional.ofNullable(r.path())).orElse("");
        String key = url.isPresent() ? "url" : "host";
        String host = at.read(key, hostPort, RemoteReplicaReader::host);
        int port = at.read(key, hostPort, RemoteReplicaReader::port);
        return new SftpSettings(host, port, user, password, keyPath, path);
    }

    static AbsSettings abs(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url, Map<String, String> env) {
        if (url.isPresent() && r.bucket() != null) {
            throw at.fail("bucket", at.keyPath("bucket") + " and " + at.keyPath("url")
                    + " both name the container; keep one");
        }
        String container = Optional.ofNullable(r.bucket()).or(() -> url.map(ReplicaUrl::bucket)).orElseThrow(() ->
                at.failHere(at.name() + ": an abs replica needs a container; add bucket: CONTAINER (or url: "
                        + "abs://ACCOUNT@CONTAINER/PATH)"));
        String account = Optional.ofNullable(r.accountName()).or(() -> url.flatMap(ReplicaUrl::user))
                .or(() -> nonEmpty(env.get("AZURE_STORAGE_ACCOUNT"))).orElseThrow(() ->
                        at.failHere(at.name() + ": an abs replica needs a storage account; add account-name: NAME "
                                + "(or url: abs://ACCOUNT@CONTAINER/PATH, or set AZURE_STORAGE_ACCOUNT)"));
        String accountKey = Optional.ofNullable(r.accountKey())
                .or(() -> nonEmpty(env.get("LITESTREAM_AZURE_ACCOUNT_KEY")))
                .or(() -> nonEmpty(env.get("AZURE_STORAGE_KEY"))).orElseThrow(() ->
                        at.failHere(at.name() + ": an abs replica needs the account's access key; add account-key: "
                                + "${AZURE_STORAGE_KEY} or set LITESTREAM_AZURE_ACCOUNT_KEY"));
        try {
            Base64.getDecoder().decode(accountKey.strip());
        } catch (IllegalArgumentException e) {
            throw at.fail("account-key", at.keyPath("account-key") + " is not base64; copy key1 or key2 from the "
                    + "storage account's Access keys page");
        }
        String prefix = url.map(ReplicaUrl::location).orElseGet(() -> r.path() == null ? ""
                : at.read("path", r.path(), ReplicaUrl::cleanPrefix));
        Optional<String> endpoint = Optional.ofNullable(r.endpoint())
                .map(e -> at.read("endpoint", e, ReplicaUrl::normalizeEndpoint));
        return new AbsSettings(account, accountKey.strip(), container, prefix, endpoint);
    }

    private static Optional<String> nonEmpty(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 || hostPort.endsWith("]") ? hostPort : hostPort.substring(0, colon);
        host = host.replaceAll("^\\[|]$", "");
        if (host.isBlank()) {
            throw new IllegalArgumentException("'" + hostPort + "' has no host name; write HOST or HOST:PORT");
        }
        return host;
    }

    private static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.endsWith("]")) {
            return SftpSettings.DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + hostPort + "' has no valid port; write HOST or HOST:PORT (1-65535)");
    }
}
