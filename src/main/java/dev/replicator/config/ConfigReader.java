package dev.replicator.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Checks a bound config file: the top level, each {@code dbs:} entry, and what spans them. */
final class ConfigReader {

    private final ReplicaReader replicaReader;

    private ConfigReader(ReplicaReader replicaReader) {
        this.replicaReader = replicaReader;
    }

    static Config read(ConfigFile file, YamlText yaml, Map<String, String> env, List<String> warnings) {
        Place root = Place.root(yaml);
        Credentials fallback = Credentials.of(root, file.accessKeyId(), file.secretAccessKey())
                .or(Credentials.fromEnv(env));
        ConfigReader reader = new ConfigReader(new ReplicaReader(fallback, env));
        List<DbConfig> dbs = new ArrayList<>();
        List<DirConfig> dirs = new ArrayList<>();
        Map<Path, String> dbOwners = new HashMap<>();
        Map<String, String> locations = new HashMap<>();
        List<ConfigFile.Db> entries = orElse(file.dbs(), List.of());
        for (int i = 0; i < entries.size(); i++) {
            Place at = root.item("dbs", i);
            DbConfig db;
            if (entries.get(i).dir() != null) {
                DirConfig dir = reader.dir(entries.get(i), at);
                dirs.add(dir);
                db = dir.template();
            } else {
                db = reader.db(entries.get(i), at);
                String earlier = dbOwners.putIfAbsent(db.path(), at.name());
                if (earlier != null) {
                    throw at.fail("path", at.keyPath("path") + ": " + db.path() + " is already configured at "
                            + earlier + "; list each database once, with all its replicas");
                }
                dbs.add(db);
            }
            for (int r = 0; r < db.replicas().size(); r++) {
                ReplicaConfig replica = db.replicas().get(r);
                Place replicaAt = at.item("replicas", r);
                String owner = locations.putIfAbsent(replica.describe(), replicaAt.name());
                if (owner != null) {
                    throw replicaAt.failHere(replicaAt.name() + ": " + replica.describe() + " is also the location of "
                            + owner + "; replicas sharing a location corrupt each other, give each its own path");
                }
            }
        }
        if (file.heartbeatUrl() != null && !ReplicaUrl.isHttpUrl(file.heartbeatUrl())) {
            throw root.fail("heartbeat-url", "heartbeat-url must be an http:// or https:// URL, like "
                    + "https://hc-ping.com/YOUR-UUID");
        }
        if (file.heartbeatUrl() == null && file.heartbeatInterval() != null) {
            throw root.fail("heartbeat-interval", "heartbeat-interval does nothing without heartbeat-url; add "
                    + "heartbeat-url or remove heartbeat-interval");
        }
        return new Config(dbs, dirs, Optional.ofNullable(file.addr()).map(addr -> addr(root, addr)),
                Optional.ofNullable(file.exec()).filter(exec -> !exec.isBlank()),
                logging(file.logging(), root.child("logging")),
                Optional.ofNullable(file.heartbeatUrl()),
                orElse(file.heartbeatInterval(), Config.DEFAULT_HEARTBEAT_INTERVAL),
                orElse(file.healthWindow(), Config.DEFAULT_HEALTH_WINDOW),
                apiToken(file, root),
                Stream.concat(warnings.stream(), reader.replicaReader.warnings().stream()).toList());
    }

    private static Optional<ApiToken> apiToken(ConfigFile file, Place root) {
        if (file.apiToken() != null && file.apiTokenFile() != null) {
            throw root.fail("api-token-file", "api-token and api-token-file both give the token; keep one");
        }
        if (file.apiTokenFile() == null) {
            return Optional.ofNullable(file.apiToken()).map(String::strip).map(ApiToken::new);
        }
        String token;
        try {
            token = Files.readString(LocalPaths.resolve(file.apiTokenFile()), StandardCharsets.UTF_8).strip();
        } catch (IOException | IllegalArgumentException e) {
            throw root.fail("api-token-file", "api-token-file " + file.apiTokenFile() + " cannot be read ("
                    + e.getMessage() + "); fix the path or give the replicator's user read access");
        }
        if (token.isEmpty()) {
            throw root.fail("api-token-file", "api-token-file " + file.apiTokenFile() + " is empty; write the token "
                    + "in it (openssl rand -hex 32)");
        }
        return Optional.of(new ApiToken(token));
    }

    private DbConfig db(ConfigFile.Db db, Place at) {
        dirOnly(at, "pattern", db.pattern());
        dirOnly(at, "recursive", db.recursive());
        dirOnly(at, "watch", db.watch());
        if (db.path() == null) {
            throw at.failHere(at.name() + ": missing path; add path: /path/to/app.db (the SQLite file to replicate), "
                    + "or dir: /data (every database in that directory)");
        }
        return settings(db, at, at.read("path", db.path(), LocalPaths::resolve));
    }

    private static void dirOnly(Place at, String key, Object value) {
        if (value != null) {
            throw at.fail(key, at.keyPath(key) + " applies to dir: entries only; remove it, or replace path: by "
                    + "dir: /DIRECTORY to replicate every database in it");
        }
    }

    private DirConfig dir(ConfigFile.Db db, Place at) {
        if (db.path() != null) {
            throw at.fail("path", at.name() + ": path and dir both say what to replicate; keep path: for one "
                    + "database, or dir: for every database in a directory");
        }
        Path dir = at.read("dir", db.dir(), LocalPaths::resolve);
        String pattern = orElse(db.pattern(), DirConfig.DEFAULT_PATTERN);
        try {
            DirConfig.matcher(pattern);
        } catch (IllegalArgumentException e) {
            throw at.fail("pattern", at.keyPath("pattern") + ": " + e.getMessage() + "; use a glob on the file name "
                    + "like '*.db' or '{*.db,*.sqlite}'");
        }
        if (pattern.contains("/")) {
            throw at.fail("pattern", at.keyPath("pattern") + " '" + pattern + "' must match file names only, without"
                    + " '/'; set recursive: true to look in subdirectories");
        }
        return new DirConfig(dir, pattern, Boolean.TRUE.equals(db.recursive()), !Boolean.FALSE.equals(db.watch()),
                settings(db, at, dir));
    }

    private DbConfig settings(ConfigFile.Db db, Place at, Path path) {
        List<ConfigFile.Replica> entries = orElse(db.replicas(), List.of());
        if (entries.isEmpty()) {
            throw at.fail("replicas", at.name() + ": no replicas; add replicas: with at least one entry, like "
                    + "'- url: s3://BUCKET/PATH'");
        }
        List<ReplicaConfig> replicas = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Place replicaAt = at.item("replicas", i);
            ReplicaConfig replica = replicaReader.read(entries.get(i), replicaAt);
            String earlier = names.putIfAbsent(replica.name(), replicaAt.name());
            if (earlier != null) {
                throw replicaAt.fail("name", replicaAt.name() + ": replica name '" + replica.name()
                        + "' is already used by " + earlier + "; give each replica its own name: (it defaults to"
                        + " the type)");
            }
            replicas.add(replica);
        }
        int minPages = orElse(db.minCheckpointPageCount(), DbConfig.DEFAULT_MIN_CHECKPOINT_PAGE_COUNT);
        int maxPages = orElse(db.maxCheckpointPageCount(), DbConfig.DEFAULT_MAX_CHECKPOINT_PAGE_COUNT);
        if (minPages < 1) {
            throw at.fail("min-checkpoint-page-count", at.keyPath("min-checkpoint-page-count")
                    + " must be at least 1, not " + minPages);
        }
        if (maxPages < minPages) {
            throw at.fail("max-checkpoint-page-count", at.keyPath("max-checkpoint-page-count") + " (" + maxPages
                    + ") must be at least min-checkpoint-page-count (" + minPages + ")");
        }
        return new DbConfig(path, replicas, orElse(db.monitorInterval(), DbConfig.DEFAULT_MONITOR_INTERVAL),
                orElse(db.checkpointInterval(), DbConfig.DEFAULT_CHECKPOINT_INTERVAL), minPages, maxPages,
                orElse(db.busyTimeout(), DbConfig.DEFAULT_BUSY_TIMEOUT), Boolean.TRUE.equals(db.restoreIfDbMissing()));
    }

    private static ListenAddress addr(Place root, String addr) {
        try {
            return ListenAddress.parse(addr);
        } catch (IllegalArgumentException e) {
            throw root.fail("addr", "addr " + e.getMessage());
        }
    }

    private static LoggingConfig logging(ConfigFile.Logging logging, Place at) {
        if (logging == null) {
            return LoggingConfig.DEFAULT;
        }
        if (logging.format() != null && logging.type() != null) {
            throw at.fail("type", "logging.type is Litestream's name for logging.format; keep one");
        }
        return new LoggingConfig(orElse(logging.level(), LoggingConfig.DEFAULT.level()),
                orElse(orElse(logging.type(), logging.format()), LoggingConfig.DEFAULT.format()));
    }

    static <T> T orElse(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
