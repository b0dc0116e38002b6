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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the top level of a config file and checks what spans databases (duplicate paths and locations). */
final class ConfigReader {

    static final List<String> KEYS = List.of("dbs", "addr", "exec", "logging", "access-key-id",
            "secret-access-key", "heartbeat-url", "heartbeat-interval", "health-window");
    // stderr is Litestream's switch from stdout to stderr; replicator always logs to stderr.
    private static final List<String> LOGGING_KEYS = List.of("level", "format", "type", "stderr");
    private static final Pattern ADDR = Pattern.compile("(\\[[^\\]]*\\]|[^:\\[\\]]*):(\\d{1,5})");

    private ConfigReader() {
    }

    static Config read(Section root, Map<String, String> env) {
        root.allowOnly(KEYS);
        Credentials fallback = Credentials.read(root).or(Credentials.fromEnv(env));
        DbReader dbReader = new DbReader(new ReplicaReader(fallback));
        List<DbConfig> dbs = new ArrayList<>();
        List<DirConfig> dirs = new ArrayList<>();
        Map<Path, String> dbOwners = new HashMap<>();
        ReplicaLocations locations = new ReplicaLocations();
        for (Section dbSection : root.sections("dbs").orElse(List.of())) {
            DbConfig db;
            if (DbReader.isDir(dbSection)) {
                DirConfig dir = dbReader.readDir(dbSection);
                dirs.add(dir);
                db = dir.template();
            } else {
                db = dbReader.read(dbSection);
                String earlier = dbOwners.putIfAbsent(db.path(), dbSection.name());
                if (earlier != null) {
                    throw dbSection.fail("path", dbSection.keyPath("path") + ": " + db.path() + " is already "
                            + "configured at " + earlier + "; list each database once, with all its replicas");
                }
                dbs.add(db);
            }
            List<Section> replicaSections = dbSection.sections("replicas").orElseThrow();
            for (int i = 0; i < db.replicas().size(); i++) {
                ReplicaConfig replica = db.replicas().get(i);
                Section replicaSection = replicaSections.get(i);
                Optional<String> owner = locations.claim(replica, replicaSection.name());
                if (owner.isPresent()) {
                    throw replicaSection.failHere(replicaSection.name() + ": " + replica.describe()
                            + " is also the location of " + owner.get() + "; replicas sharing a location corrupt "
                            + "each other, give each its own path");
                }
            }
        }
        Optional<String> heartbeatUrl = root.string("heartbeat-url").map(url -> httpUrl(root, url));
        if (heartbeatUrl.isEmpty() && root.has("heartbeat-interval")) {
            throw root.fail("heartbeat-interval", "heartbeat-interval does nothing without heartbeat-url; add "
                    + "heartbeat-url or remove heartbeat-interval");
        }
        return new Config(
                dbs,
                dirs,
                root.string("addr").map(addr -> addr(root, addr)),
                root.string("exec").filter(exec -> !exec.isBlank()),
                logging(root),
                heartbeatUrl,
                root.positiveDuration("heartbeat-interval", Config.DEFAULT_HEARTBEAT_INTERVAL),
                root.positiveDuration("health-window", Config.DEFAULT_HEALTH_WINDOW));
    }

    private static String addr(Section root, String addr) {
        Matcher m = ADDR.matcher(addr);
        if (!m.matches() || Integer.parseInt(m.group(2)) > 65_535) {
            throw root.fail("addr", "addr '" + addr + "' must be HOST:PORT or :PORT, like ':9090' or "
                    + "'127.0.0.1:9090'");
        }
        return addr;
    }

    private static String httpUrl(Section root, String url) {
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

    private static LoggingConfig logging(Section root) {
        Optional<Section> section = root.section("logging");
        if (section.isEmpty()) {
            return LoggingConfig.DEFAULT;
        }
        Section s = section.get();
        s.allowOnly(LOGGING_KEYS);
        s.bool("stderr");
        if (s.has("format") && s.has("type")) {
            throw s.fail("type", "logging.type is Litestream's name for logging.format; keep one");
        }
        LoggingConfig.Level level = s.string("level")
                .map(v -> v.toLowerCase(Locale.ROOT).equals("warning") ? "warn" : v)
                .map(v -> choice(s, "level", v, LoggingConfig.Level.class))
                .orElse(LoggingConfig.DEFAULT.level());
        String formatKey = s.has("type") ? "type" : "format";
        LoggingConfig.Format format = s.string(formatKey)
                .map(v -> choice(s, formatKey, v, LoggingConfig.Format.class))
                .orElse(LoggingConfig.DEFAULT.format());
        return new LoggingConfig(level, format);
    }

    private static <E extends Enum<E>> E choice(Section s, String key, String value, Class<E> type) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        throw s.fail(key, s.keyPath(key) + " '" + value + "' is not one of " + String.join(", ", names));
    }
}
