package dev.replicator.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks one entry of the top-level {@code dbs:} list. */
final class DbReader {

    private final ReplicaReader replicaReader;

    DbReader(ReplicaReader replicaReader) {
        this.replicaReader = replicaReader;
    }

    DbConfig read(ConfigFile.Db db, Place at) {
        dirOnly(at, "pattern", db.pattern());
        dirOnly(at, "recursive", db.recursive());
        dirOnly(at, "watch", db.watch());
        if (db.path() == null) {
            throw at.failHere(at.name() + ": missing path; add path: /path/to/app.db (the SQLite file to replicate), "
                    + "or dir: /data (every database in that directory)");
        }
        return settings(db, at, localPath(at, "path", db.path()));
    }

    private static void dirOnly(Place at, String key, Object value) {
        if (value != null) {
            throw at.fail(key, at.keyPath(key) + " applies to dir: entries only; remove it, or replace path: by "
                    + "dir: /DIRECTORY to replicate every database in it");
        }
    }

    DirConfig readDir(ConfigFile.Db db, Place at) {
        if (db.path() != null) {
            throw at.fail("path", at.name() + ": path and dir both say what to replicate; keep path: for one "
                    + "database, or dir: for every database in a directory");
        }
        Path dir = localPath(at, "dir", db.dir());
        String pattern = db.pattern() == null ? DirConfig.DEFAULT_PATTERN : db.pattern();
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

    private static Path localPath(Place at, String key, String raw) {
        try {
            return LocalPaths.resolve(raw);
        } catch (IllegalArgumentException e) {
            throw at.fail(key, at.keyPath(key) + ": " + e.getMessage());
        }
    }

    private DbConfig settings(ConfigFile.Db db, Place at, Path path) {
        List<ConfigFile.Replica> entries = db.replicas() == null ? List.of() : db.replicas();
        if (entries.isEmpty()) {
            throw at.fail("replicas", at.name() + ": no replicas; add replicas: with at least one entry, like "
                    + "'- url: s3://BUCKET/PATH'");
        }
        List<ReplicaConfig> replicas = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Place replicaAt = at.item("replicas", i);
            ReplicaConfig replica = replicaReader.read(
                    replicaAt.notEmpty(entries.get(i), "a mapping (key: value lines after '- ')"), replicaAt);
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
        return new DbConfig(
                path,
                replicas,
                at.positive("monitor-interval", db.monitorInterval()).orElse(DbConfig.DEFAULT_MONITOR_INTERVAL),
                at.positive("checkpoint-interval", db.checkpointInterval()).orElse(DbConfig.DEFAULT_CHECKPOINT_INTERVAL),
                minPages,
                maxPages,
                at.positive("busy-timeout", db.busyTimeout()).orElse(DbConfig.DEFAULT_BUSY_TIMEOUT),
                Boolean.TRUE.equals(db.restoreIfDbMissing()));
    }

    static <T> T orElse(T value, T otherwise) {
        return value == null ? otherwise : value;
    }
}
