package dev.replicator.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Checks the top level of a bound config file and what spans databases (duplicate paths and locations). */
final class ConfigReader {

    private ConfigReader() {
    }

    static Config read(ConfigFile file, YamlLines lines, Map<String, String> env) {
        Place root = Place.root(lines);
        Credentials fallback = Credentials.of(root, file.accessKeyId(), file.secretAccessKey())
                .or(Credentials.fromEnv(env));
        DbReader dbReader = new DbReader(new ReplicaReader(fallback));
        List<DbConfig> dbs = new ArrayList<>();
        List<DirConfig> dirs = new ArrayList<>();
        Map<Path, String> dbOwners = new HashMap<>();
        ReplicaLocations locations = new ReplicaLocations();
        List<ConfigFile.Db> entries = file.dbs() == null ? List.of() : file.dbs();
        for (int i = 0; i < entries.size(); i++) {
            Place at = root.item("dbs", i);
            ConfigFile.Db entry = at.notEmpty(entries.get(i), "a mapping (key: value lines after '- ')");
            DbConfig db;
            if (entry.dir() != null) {
                DirConfig dir = dbReader.readDir(entry, at);
                dirs.add(dir);
                db = dir.template();
            } else {
                db = dbReader.read(entry, at);
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
                Optional<String> owner = locations.claim(replica, replicaAt.name());
                if (owner.isPresent()) {
                    throw replicaAt.failHere(replicaAt.name() + ": " + replica.describe() + " is also the location of "
                            + owner.get() + "; replicas sharing a location corrupt each other, give each its own path");
                }
            }
        }
        Optional<String> heartbeatUrl = Optional.ofNullable(file.heartbeatUrl()).map(url -> httpUrl(root, url));
        if (heartbeatUrl.isEmpty() && file.heartbeatInterval() != null) {
            throw root.fail("heartbeat-interval", "heartbeat-interval does nothing without heartbeat-url; add "
                    + "heartbeat-url or remove heartbeat-interval");
        }
        return new Config(
                dbs,
                dirs,
                Optional.ofNullable(file.addr()).map(addr -> addr(root, addr)),
                Optional.ofNullable(file.exec()).filter(exec -> !exec.isBlank()),
                logging(file.logging(), root.child("logging")),
                heartbeatUrl,
                root.positive("heartbeat-interval", file.heartbeatInterval()).orElse(Config.DEFAULT_HEARTBEAT_INTERVAL),
                root.positive("health-window", file.healthWindow()).orElse(Config.DEFAULT_HEALTH_WINDOW));
    }

    private static ListenAddress addr(Place root, String addr) {
        try {
            return ListenAddress.parse(addr);
        } catch (IllegalArgumentException e) {
            throw root.fail("addr", "addr " + e.getMessage());
        }
    }

    private static String httpUrl(Place root, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // fall through to the message below
        }
        throw root.fail("heartbeat-url", "heartbeat-url must be an http:// or https:// URL, like "
                + "https://hc-ping.com/YOUR-UUID");
    }

    private static LoggingConfig logging(ConfigFile.Logging logging, Place at) {
        if (logging == null) {
            return LoggingConfig.DEFAULT;
        }
        if (logging.format() != null && logging.type() != null) {
            throw at.fail("type", "logging.type is Litestream's name for logging.format; keep one");
        }
        LoggingConfig.Level level = Optional.ofNullable(logging.level())
                .map(v -> v.toLowerCase(Locale.ROOT).equals("warning") ? "warn" : v)
                .map(v -> choice(at, "level", v, LoggingConfig.Level.class))
                .orElse(LoggingConfig.DEFAULT.level());
        String formatKey = logging.type() != null ? "type" : "format";
        LoggingConfig.Format format = Optional.ofNullable(logging.type() != null ? logging.type() : logging.format())
                .map(v -> choice(at, formatKey, v, LoggingConfig.Format.class))
                .orElse(LoggingConfig.DEFAULT.format());
        return new LoggingConfig(level, format);
    }

    private static <E extends Enum<E>> E choice(Place at, String key, String value, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw at.fail(key, at.keyPath(key) + " '" + value + "' is not one of " + String.join(", ", names));
    }
}
