package dev.replicator.config;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.replicator.config.ConfigReader.orElse;

/** Checks one {@code replicas:} entry, or a replica URL given on the command line, by Litestream v0.3's rules. */
final class ReplicaReader {

    private static final List<String> KEEP_KEYS = YamlText.keys(ConfigFile.Keep.class);
    // Any printable name ("S3 Backup"); log lines quote it. '/' is out because verify names scratch files after it.
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}/\\\\]+");

    private final Credentials fallbackCredentials; // for s3 replicas that do not set their own keys
    private final Map<String, String> env; // for abs replicas' account and key
    private final List<String> warnings = new ArrayList<>();

    ReplicaReader(Credentials fallbackCredentials, Map<String, String> env) {
        this.fallbackCredentials = fallbackCredentials;
        this.env = env;
    }

    /** What was accepted but changed, one line each. */
    List<String> warnings() {
        return warnings;
    }

    ReplicaConfig fromUrl(String url, String source) {
        return read(ConfigFile.Replica.ofUrl(url), Place.root(YamlText.none(source)));
    }

    ReplicaConfig read(ConfigFile.Replica r, Place at) {
        Optional<ReplicaUrl> url = Optional.ofNullable(r.url()).map(u -> at.read("url", u, ReplicaUrl::parse));
        ReplicaType type = type(r, at, url);
        notBoth(at, url, "path", r.path(), "give the location; keep one (the path can go in the url)");
        if (r.path() != null && ReplicaUrl.looksLikeUrl(r.path())) {
            throw at.fail("path", at.keyPath("path") + " holds a URL; write url: " + ReplicaUrl.redact(r.path())
                    + " instead");
        }
        String name = orElse(r.name(), type.id());
        if (!NAME.matcher(name).matches() || name.isBlank()) {
            throw at.fail("name", at.keyPath("name") + " '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' must be printable text without '/' or '\\'");
        }
        typeKeys(r, at, type);
        Optional<Path> dir = type == ReplicaType.FILE ? Optional.of(fileDir(r, at, url)) : Optional.empty();
        Optional<S3Settings> s3 = type == ReplicaType.S3 ? Optional.of(s3(r, at, url)) : Optional.empty();
        Optional<SftpSettings> sftp = type == ReplicaType.SFTP ? Optional.of(sftp(r, at, url))
                : Optional.empty();
        Optional<AbsSettings> abs = type == ReplicaType.ABS ? Optional.of(abs(r, at, url, env))
                : Optional.empty();
        return new ReplicaConfig(name, type, dir, s3, sftp, abs, orElse(r.syncInterval(), ReplicaConfig.DEFAULT_SYNC_INTERVAL),
                Optional.ofNullable(r.snapshotInterval()),
                orElse(r.retention(), ReplicaConfig.DEFAULT_RETENTION),
                orElse(r.retentionCheckInterval(), ReplicaConfig.DEFAULT_RETENTION_CHECK_INTERVAL),
                r.age() == null ? AgeConfig.NONE : AgeKeyReader.read(r.age(), at.child("age")),
                r.retentionKeep() == null ? RetentionKeep.NONE : retentionKeep(r.retentionKeep(),
                        at.child("retention-keep")),
                verifyInterval(r, at));
    }

    /** {@code validation-interval} is Litestream's name for a scheduled check; here it is the restore drill. */
    private static Optional<Duration> verifyInterval(ConfigFile.Replica r, Place at) {
        Optional<Duration> verify = Optional.ofNullable(r.verifyInterval());
        Optional<Duration> validation = Optional.ofNullable(r.validationInterval());
        if (verify.isPresent() && validation.isPresent() && !verify.equals(validation)) {
            throw at.fail("validation-interval", at.keyPath("validation-interval") + " (Litestream's name for "
                    + "verify-interval) is " + Durations.format(validation.get()) + " but " + at.keyPath("verify-interval")
                    + " is " + Durations.format(verify.get()) + "; keep one");
        }
        return verify.or(() -> validation);
    }

    private static RetentionKeep retentionKeep(ConfigFile.Keep keep, Place at) {
        List<Integer> counts = Arrays.asList(keep.last(), keep.hourly(), keep.daily(), keep.weekly(), keep.monthly());
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) != null && counts.get(i) < 0) {
                String key = KEEP_KEYS.get(i);
                throw at.fail(key, at.keyPath(key) + " must be 0 or more (how many snapshots to keep), not "
                        + counts.get(i));
            }
            counts.set(i, orElse(counts.get(i), 0));
        }
        return new RetentionKeep(counts.get(0), counts.get(1), counts.get(2), counts.get(3), counts.get(4));
    }

    /** "KEY and url both WHAT" when both are set. */
    private static void notBoth(Place at, Optional<ReplicaUrl> url, String key, Object value, String what) {
        if (url.isPresent() && value != null) {
            throw at.fail(key, at.keyPath(key) + " and " + at.keyPath("url") + " both " + what);
        }
    }

    /** A key only other types take ({@link ConfigFile.Only}) names them. */
    private static void typeKeys(ConfigFile.Replica r, Place at, ReplicaType type) {
        RecordComponent[] components = ConfigFile.Replica.class.getRecordComponents();
        List<String> keys = YamlText.keys(ConfigFile.Replica.class);
        for (int i = 0; i < components.length; i++) {
            ConfigFile.Only only = components[i].getAnnotation(ConfigFile.Only.class);
            if (only != null && !List.of(only.value()).contains(type) && value(components[i], r) != null) {
                List<String> ids = Arrays.stream(only.value()).map(ReplicaType::id).toList();
                throw at.fail(keys.get(i), at.keyPath(keys.get(i)) + " applies to " + String.join(" and ", ids)
                        + " replicas only; remove it or set type: " + ids.get(0));
            }
        }
    }

    private static Object value(RecordComponent component, ConfigFile.Replica r) {
        try {
            return component.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e); // a record's accessor is public
        }
    }

    private static ReplicaType type(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url) {
        Optional<ReplicaType> declared = Optional.ofNullable(r.type());
        if (declared.isPresent() && url.isPresent() && declared.get() != url.get().type()) {
            throw at.fail("type", at.keyPath("type") + " is " + declared.get().id() + " but the url is a "
                    + url.get().type().id() + " location; remove type (the url decides)");
        }
        // Litestream's rule: without type or url, a replica is a directory.
        return declared.or(() -> url.map(ReplicaUrl::type)).orElse(ReplicaType.FILE);
    }

    private static Path fileDir(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url) {
        String key = url.isPresent() ? "url" : "path";
        String raw = url.map(ReplicaUrl::location).or(() -> Optional.ofNullable(r.path())).orElseThrow(() ->
                at.failHere(at.name() + ": a file replica needs a directory; add path: /backups/app (or url: "
                        + "file:///backups/app)"));
        return at.read(key, raw, LocalPaths::resolve);
    }

    private S3Settings s3(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url) {
        notBoth(at, url, "bucket", r.bucket(), "name the bucket; keep one");
        String bucket = url.map(ReplicaUrl::bucket).or(() -> Optional.ofNullable(r.bucket())).orElseThrow(() ->
                at.failHere(at.name() + ": an s3 replica needs a bucket; add bucket: NAME (or url: s3://BUCKET/PATH)"));
        String path = url.map(ReplicaUrl::location).orElseGet(() -> r.path() == null ? ""
                : at.read("path", r.path(), ReplicaUrl::cleanPrefix));
        String written = r.path() != null ? r.path() : r.url() == null ? "" : r.url().replaceFirst("\\?.*", "");
        if (ReplicaUrl.hasDotSegments(written)) {
            warnings.add(at.fail(r.path() != null ? "path" : "url", at.keyPath(r.path() != null ? "path" : "url")
                    + " '" + written + "' is cleaned to the key prefix '" + path + "', as Litestream cleans it")
                    .getMessage());
        }
        Optional<String> endpoint = Optional.ofNullable(r.endpoint())
                .map(e -> at.read("endpoint", e, ReplicaUrl::normalizeEndpoint))
                .or(() -> url.flatMap(ReplicaUrl::endpoint));
        // S3-compatible servers ignore the region but the SDK's signer needs one.
        Optional<String> region = Optional.ofNullable(r.region())
                .or(() -> url.flatMap(ReplicaUrl::region))
                .or(() -> endpoint.map(e -> S3Settings.DEFAULT_REGION));
        // Only AWS serves virtual-hosted buckets reliably, and AWS needs no endpoint.
        boolean forcePathStyle = Optional.ofNullable(r.forcePathStyle())
                .or(() -> url.flatMap(ReplicaUrl::forcePathStyle))
                .orElse(endpoint.isPresent());
        boolean skipVerify = Optional.ofNullable(r.skipVerify()).or(() -> url.flatMap(ReplicaUrl::skipVerify))
                .orElse(false);
        Credentials credentials = Credentials.of(at, r.accessKeyId(), r.secretAccessKey()).or(fallbackCredentials);
        try {
            return new S3Settings(bucket, path, endpoint, region, forcePathStyle, skipVerify,
                    credentials.accessKeyId(), credentials.secretAccessKey());
        } catch (IllegalArgumentException e) { // the endpoint is normalized, so only the bucket can be wrong
            throw at.fail("bucket", at.name() + ": " + e.getMessage());
        }
    }

    private static SftpSettings sftp(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url) {
        notBoth(at, url, "host", r.host(), "name the server; keep one");
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
        String host = at.read(key, hostPort, ReplicaReader::host);
        int port = at.read(key, hostPort, ReplicaReader::port);
        return new SftpSettings(host, port, user, password, keyPath, path);
    }

    private static AbsSettings abs(ConfigFile.Replica r, Place at, Optional<ReplicaUrl> url, Map<String, String> env) {
        notBoth(at, url, "bucket", r.bucket(), "name the container; keep one");
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
