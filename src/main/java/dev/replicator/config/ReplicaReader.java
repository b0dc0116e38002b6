package dev.replicator.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads one entry of a database's {@code replicas:} list, or a replica URL given on the command line. */
final class ReplicaReader {

    static final List<String> KEYS = List.of("name", "type", "url", "path", "bucket", "endpoint", "region",
            "force-path-style", "skip-verify", "access-key-id", "secret-access-key", "sync-interval",
            "snapshot-interval", "retention", "retention-check-interval", "validation-interval", "age",
            "retention-keep", "verify-interval");
    static final List<String> RETENTION_KEEP_KEYS = List.of("last", "hourly", "daily", "weekly", "monthly");
    private static final List<String> S3_ONLY_KEYS = List.of("bucket", "endpoint", "region", "force-path-style",
            "skip-verify", "access-key-id", "secret-access-key");
    // Names end up in log lines, metric labels and possibly directory names.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Credentials fallbackCredentials;

    /** @param fallbackCredentials for s3 replicas that do not set their own keys */
    ReplicaReader(Credentials fallbackCredentials) {
        this.fallbackCredentials = fallbackCredentials;
    }

    ReplicaConfig fromUrl(String url, String source) {
        return read(Section.of(Map.of("url", url), source));
    }

    ReplicaConfig read(Section s) {
        type(s, Optional.empty()); // a Litestream type replicator lacks (abs, gcs, sftp) is named before its keys
        s.allowOnly(KEYS);
        Optional<ReplicaUrl> url = s.string("url").map(u -> parseUrl(s, u));
        ReplicaType type = type(s, url);
        if (url.isPresent() && s.has("path")) {
            throw s.fail("path", s.keyPath("path") + " and " + s.keyPath("url")
                    + " both give the location; keep one (the path can go in the url)");
        }
        Optional<String> path = s.string("path");
        if (path.isPresent() && ReplicaUrl.looksLikeUrl(path.get())) {
            throw s.fail("path", s.keyPath("path") + " holds a URL; write url: " + ReplicaUrl.redact(path.get())
                    + " instead");
        }
        String name = s.string("name").orElse(type.id());
        if (!NAME.matcher(name).matches()) {
            throw s.fail("name", s.keyPath("name") + " '" + name
                    + "' may only hold letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        Optional<Path> dir = Optional.empty();
        Optional<S3Settings> s3 = Optional.empty();
        if (type == ReplicaType.FILE) {
            dir = Optional.of(fileDir(s, url));
        } else {
            s3 = Optional.of(s3(s, url));
        }
        return new ReplicaConfig(
                name,
                type,
                dir,
                s3,
                s.positiveDuration("sync-interval", ReplicaConfig.DEFAULT_SYNC_INTERVAL),
                s.positiveDuration("snapshot-interval"),
                s.positiveDuration("retention", ReplicaConfig.DEFAULT_RETENTION),
                s.positiveDuration("retention-check-interval", ReplicaConfig.DEFAULT_RETENTION_CHECK_INTERVAL),
                s.positiveDuration("validation-interval"),
                s.section("age").map(AgeKeyReader::read).orElse(AgeConfig.NONE),
                s.section("retention-keep").map(ReplicaReader::retentionKeep).orElse(RetentionKeep.NONE),
                s.positiveDuration("verify-interval"));
    }

    private static RetentionKeep retentionKeep(Section keep) {
        keep.allowOnly(RETENTION_KEEP_KEYS);
        int[] counts = new int[RETENTION_KEEP_KEYS.size()];
        for (int i = 0; i < counts.length; i++) {
            String key = RETENTION_KEEP_KEYS.get(i);
            counts[i] = keep.integer(key).orElse(0);
            if (counts[i] < 0) {
                throw keep.fail(key, keep.keyPath(key) + " must be 0 or more (how many snapshots to keep), not "
                        + counts[i]);
            }
        }
        return new RetentionKeep(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    private static ReplicaUrl parseUrl(Section s, String url) {
        try {
            return ReplicaUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw s.fail("url", s.keyPath("url") + ": " + e.getMessage());
        }
    }

    private static ReplicaType type(Section s, Optional<ReplicaUrl> url) {
        Optional<ReplicaType> declared = s.string("type").map(t -> ReplicaType.fromId(t).orElseThrow(() ->
                s.fail("type", s.keyPath("type") + " '" + t + "' is not supported; use s3 or file")));
        if (declared.isPresent() && url.isPresent() && declared.get() != url.get().type()) {
            throw s.fail("type", s.keyPath("type") + " is " + declared.get().id() + " but the url is a "
                    + url.get().type().id() + " location; remove type (the url decides)");
        }
        // Litestream's rule: without type or url, a replica is a directory.
        return declared.or(() -> url.map(ReplicaUrl::type)).orElse(ReplicaType.FILE);
    }

    private static Path fileDir(Section s, Optional<ReplicaUrl> url) {
        for (String key : S3_ONLY_KEYS) {
            if (s.has(key)) {
                throw s.fail(key, s.keyPath(key) + " applies to s3 replicas only; remove it or set type: s3");
            }
        }
        String raw = url.map(ReplicaUrl::location).or(() -> s.string("path")).orElseThrow(() -> s.failHere(
                s.name() + ": a file replica needs a directory; add path: /backups/app (or url: file:///backups/app)"));
        try {
            return LocalPaths.resolve(raw);
        } catch (IllegalArgumentException e) {
            throw s.fail(url.isPresent() ? "url" : "path", s.keyPath(url.isPresent() ? "url" : "path") + ": "
                    + e.getMessage());
        }
    }

    private S3Settings s3(Section s, Optional<ReplicaUrl> url) {
        if (url.isPresent() && s.has("bucket")) {
            throw s.fail("bucket", s.keyPath("bucket") + " and " + s.keyPath("url")
                    + " both name the bucket; keep one");
        }
        String bucket = url.map(ReplicaUrl::bucket).or(() -> s.string("bucket")).orElseThrow(() -> s.failHere(
                s.name() + ": an s3 replica needs a bucket; add bucket: NAME (or url: s3://BUCKET/PATH)"));
        if (bucket.contains("/")) {
            throw s.fail("bucket", s.keyPath("bucket") + " '" + bucket
                    + "' must be a bucket name only; put the rest in path:");
        }
        String path = url.map(ReplicaUrl::location).orElseGet(() -> s.string("path").map(p -> {
            try {
                return ReplicaUrl.cleanPrefix(p);
            } catch (IllegalArgumentException e) {
                throw s.fail("path", s.keyPath("path") + ": " + e.getMessage());
            }
        }).orElse(""));
        Optional<String> endpoint = s.string("endpoint").map(e -> {
            try {
                return ReplicaUrl.normalizeEndpoint(e);
            } catch (IllegalArgumentException ex) {
                throw s.fail("endpoint", s.keyPath("endpoint") + ": " + ex.getMessage());
            }
        }).or(() -> url.flatMap(ReplicaUrl::endpoint));
        // S3-compatible servers ignore the region but the SDK's signer needs one.
        Optional<String> region = s.string("region")
                .or(() -> url.flatMap(ReplicaUrl::region))
                .or(() -> endpoint.map(e -> "us-east-1"));
        // Only AWS serves virtual-hosted buckets reliably, and AWS needs no endpoint.
        boolean forcePathStyle = s.bool("force-path-style")
                .or(() -> url.flatMap(ReplicaUrl::forcePathStyle))
                .orElse(endpoint.isPresent());
        boolean skipVerify = s.bool("skip-verify").or(() -> url.flatMap(ReplicaUrl::skipVerify)).orElse(false);
        Credentials credentials = Credentials.read(s).or(fallbackCredentials);
        return new S3Settings(bucket, path, endpoint, region, forcePathStyle, skipVerify,
                credentials.accessKeyId(), credentials.secretAccessKey());
    }
}
