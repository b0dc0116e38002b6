package dev.replicator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.replicator.config.ConfigReader.orElse;

/** Checks one entry of a database's {@code replicas:} list, or a replica URL given on the command line. */
final class ReplicaReader {

    private static final List<String> KEEP_KEYS = List.of("last", "hourly", "daily", "weekly", "monthly");
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
        if (url.isPresent() && r.path() != null) {
            throw at.fail("path", at.keyPath("path") + " and " + at.keyPath("url")
                    + " both give the location; keep one (the path can go in the url)");
        }
        if (r.path() != null && ReplicaUrl.looksLikeUrl(r.path())) {
            throw at.fail("path", at.keyPath("path") + " holds a URL; write url: " + ReplicaUrl.redact(r.path())
                    + " instead");
        }
        String name = orElse(r.name(), type.id());
        if (!NAME.matcher(name).matches() || name.isBlank()) {
            throw at.fail("name", at.keyPath("name") + " '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' must be printable text without '/' or '\\'");
        }
        TypeKeys.check(r, at, type);
        Optional<Path> dir = type == ReplicaType.FILE ? Optional.of(fileDir(r, at, url)) : Optional.empty();
        Optional<S3Settings> s3 = type == ReplicaType.S3 ? Optional.of(s3(r, at, url)) : Optional.empty();
        Optional<SftpSettings> sftp = type == ReplicaType.SFTP ? Optional.of(RemoteReplicaReader.sftp(r, at, url))
                : Optional.empty();
        Optional<AbsSettings> abs = type == ReplicaType.ABS ? Optional.of(RemoteReplicaReader.abs(r, at, url, env))
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
        if (url.isPresent() && r.bucket() != null) {
            throw at.fail("bucket", at.keyPath("bucket") + " and " + at.keyPath("url")
                    + " both name the bucket; keep one");
        }
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
}
