package dev.replicator.config;

import dev.replicator.config.YamlTree.Entry;
import dev.replicator.config.YamlTree.Mapping;
import dev.replicator.config.YamlTree.Node;
import dev.replicator.config.YamlTree.Scalar;
import dev.replicator.config.YamlTree.Sequence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rewrites a config written for Litestream v0.5 into the v0.3 shape replicator binds, before binding (so errors still
 * name the lines written): {@code replica:} becomes a one-entry {@code replicas:}; the top-level replica defaults and
 * the {@code snapshot:} and {@code validation:} blocks go into every replica that does not set them; renamed keys
 * take their v0.3 name. Keys of v0.5's LTX format (compaction levels and the like) have no meaning in v0.3's layout:
 * each is dropped with one warning naming it. The mapping follows v0.5's cmd/litestream/main.go.
 */
final class LitestreamV5 {

    /** Replica settings v0.5 also takes at the top level, as defaults (ReplicaSettings.SetDefaults). */
    private static final List<String> REPLICA_DEFAULTS = List.of("sync-interval", "validation-interval", "age");
    private static final List<String> S3_DEFAULTS = List.of("bucket", "region", "endpoint", "force-path-style",
            "skip-verify");
    /** v0.5 keys with no meaning here, wherever replica settings may stand. */
    private static final List<String> IGNORED_REPLICA = List.of("max-sync-ltx-files", "auto-recover", "sign-payload",
            "require-content-md5", "storage-class", "part-size", "concurrency", "sse-customer-algorithm",
            "sse-customer-key", "sse-customer-key-path", "sse-kms-key-id");
    private static final List<String> IGNORED_TOP = List.of("levels", "l0-retention", "l0-retention-check-interval",
            "verify-compaction", "mcp-addr", "socket", "shutdown-sync-timeout", "shutdown-sync-interval");
    private static final List<String> IGNORED_DB = List.of("max-sync-wal-bytes");
    /** v0.5 name → v0.3 name, in a {@code dbs:} entry. */
    private static final Map<String, String> DB_RENAMES = Map.of("truncate-page-n", "max-checkpoint-page-count",
            "restore-if-db-not-exists", "restore-if-db-missing", "meta-dir", "meta-path");

    private final String source;
    private final TreeMap<Integer, List<String>> warnings = new TreeMap<>(); // by line

    private LitestreamV5(String source) {
        this.source = source;
    }

    /** Rewrites {@code root} in place; returns one warning per key it dropped. */
    static List<String> adapt(Node root, String source) {
        LitestreamV5 v5 = new LitestreamV5(source);
        if (root instanceof Mapping top) {
            v5.adaptTop(top);
        }
        return v5.warnings.values().stream().flatMap(List::stream).toList();
    }

    private void adaptTop(Mapping top) {
        ignore(top, "", IGNORED_TOP);
        ignore(top, "", IGNORED_REPLICA);
        if (top.get("logging") instanceof Mapping logging) {
            ignore(logging, "logging.", List.of("source"));
        }
        if (top.get("retention") instanceof Mapping retention) {
            Entry enabled = retention.entries().get("enabled");
            if (enabled != null && enabled.value() instanceof Scalar s && s.text().equalsIgnoreCase("false")) {
                warn(enabled.keyLine(), "retention.enabled: false is not supported: each replica still deletes what "
                        + "is older than its retention (default 24h); set a longer retention: on the replicas");
            }
            top.entries().remove("retention");
        }
        LinkedHashMap<String, Entry> defaults = take(top, REPLICA_DEFAULTS);
        LinkedHashMap<String, Entry> s3Defaults = take(top, S3_DEFAULTS);
        defaults.putAll(blocks(top));
        if (!(top.get("dbs") instanceof Sequence dbs)) {
            return;
        }
        for (int i = 0; i < dbs.items().size(); i++) {
            if (dbs.items().get(i) instanceof Mapping db) {
                adaptDb(db, "dbs[" + i + "].", defaults, s3Defaults);
            }
        }
    }

    private void adaptDb(Mapping db, String path, Map<String, Entry> defaults, Map<String, Entry> s3Defaults) {
        ignore(db, path, IGNORED_DB);
        DB_RENAMES.forEach((v5, v3) -> rename(db, path, v5, v3));
        Entry single = db.entries().remove("replica");
        if (single != null) {
            if (db.entries().containsKey("replicas")) {
                throw new ConfigException(source + " line " + single.keyLine() + ": " + path + "replica and " + path
                        + "replicas both list replicas; keep one");
            }
            db.entries().put("replicas", new Entry(new Sequence(List.of(single.value()), single.value().line()),
                    single.keyLine()));
        }
        LinkedHashMap<String, Entry> own = new LinkedHashMap<>(blocks(db));
        defaults.forEach(own::putIfAbsent);
        if (!(db.get("replicas") instanceof Sequence replicas)) {
            return;
        }
        for (int i = 0; i < replicas.items().size(); i++) {
            if (replicas.items().get(i) instanceof Mapping replica) {
                ignore(replica, path + "replicas[" + i + "].", IGNORED_REPLICA);
                own.forEach(replica.entries()::putIfAbsent);
                if (isS3(replica)) {
                    boolean hasUrl = replica.entries().containsKey("url");
                    s3Defaults.forEach((k, v) -> {
                        if (!(hasUrl && k.equals("bucket"))) {
                            replica.entries().putIfAbsent(k, v);
                        }
                    });
                }
            }
        }
    }

    /** v0.5's {@code snapshot: {interval, retention}} and {@code validation: {interval}}, as replica keys. */
    private LinkedHashMap<String, Entry> blocks(Mapping at) {
        LinkedHashMap<String, Entry> keys = new LinkedHashMap<>();
        Entry snapshot = at.entries().get("snapshot");
        if (snapshot != null && snapshot.value() instanceof Mapping block) {
            at.entries().remove("snapshot");
            copy(block, "interval", keys, "snapshot-interval");
            copy(block, "retention", keys, "retention");
        }
        Entry validation = at.entries().get("validation");
        if (validation != null && validation.value() instanceof Mapping block) {
            at.entries().remove("validation");
            copy(block, "interval", keys, "validation-interval");
        }
        return keys;
    }

    private static void copy(Mapping block, String key, Map<String, Entry> into, String as) {
        Entry entry = block.entries().get(key);
        if (entry != null) {
            into.put(as, entry);
        }
    }

    private static boolean isS3(Mapping replica) {
        String type = replica.get("type") instanceof Scalar s ? s.text() : "";
        String url = replica.get("url") instanceof Scalar s ? s.text() : "";
        return type.equals("s3") || url.startsWith("s3://");
    }

    private void rename(Mapping at, String path, String v5, String v3) {
        Entry entry = at.entries().remove(v5);
        if (entry == null) {
            return;
        }
        if (at.entries().putIfAbsent(v3, entry) != null) {
            throw new ConfigException(source + " line " + entry.keyLine() + ": " + path + v5 + " is Litestream v0.5's "
                    + "name for " + path + v3 + ", which is also set; keep one");
        }
    }

    private static LinkedHashMap<String, Entry> take(Mapping at, List<String> keys) {
        LinkedHashMap<String, Entry> taken = new LinkedHashMap<>();
        for (String key : keys) {
            Entry entry = at.entries().remove(key);
            if (entry != null) {
                taken.put(key, entry);
            }
        }
        return taken;
    }

    private void ignore(Mapping at, String path, List<String> keys) {
        take(at, keys).forEach((key, entry) -> warn(entry.keyLine(), path + key + " is a Litestream v0.5 setting "
                + "with no meaning in v0.3's layout, which replicator writes; ignored"));
    }

    private void warn(int line, String message) {
        warnings.computeIfAbsent(line, l -> new ArrayList<>()).add(source + " line " + line + ": " + message);
    }
}
