package dev.replicator.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads one entry of the top-level {@code dbs:} list. */
final class DbReader {

    // meta-path is where Litestream keeps its local state: accepted so that a litestream.yml loads as is; replicator
    // keeps its own beside the database.
    static final List<String> KEYS = List.of("path", "dir", "pattern", "recursive", "watch", "replicas",
            "monitor-interval", "checkpoint-interval", "min-checkpoint-page-count", "max-checkpoint-page-count",
            "busy-timeout", "restore-if-db-missing", "meta-path");
    private static final List<String> DIR_ONLY_KEYS = List.of("pattern", "recursive", "watch");

    private final ReplicaReader replicaReader;

    DbReader(ReplicaReader replicaReader) {
        this.replicaReader = replicaReader;
    }

    /** Whether the entry is a {@code dir:} entry (to be read with {@link #readDir}). */
    static boolean isDir(Section s) {
        return s.has("dir");
    }

    DbConfig read(Section s) {
        s.allowOnly(KEYS);
        for (String key : DIR_ONLY_KEYS) {
            if (s.has(key)) {
                throw s.fail(key, s.keyPath(key) + " applies to dir: entries only; remove it, or replace path: by "
                        + "dir: /DIRECTORY to replicate every database in it");
            }
        }
        String rawPath = s.string("path").orElseThrow(() -> s.failHere(
                s.name() + ": missing path; add path: /path/to/app.db (the SQLite file to replicate), or dir: /data "
                        + "(every database in that directory)"));
        return settings(s, localPath(s, "path", rawPath));
    }

    DirConfig readDir(Section s) {
        s.allowOnly(KEYS);
        if (s.has("path")) {
            throw s.fail("path", s.name() + ": path and dir both say what to replicate; keep path: for one "
                    + "database, or dir: for every database in a directory");
        }
        Path dir = localPath(s, "dir", s.string("dir").orElseThrow());
        String pattern = s.string("pattern").orElse(DirConfig.DEFAULT_PATTERN);
        try {
            DirConfig.matcher(pattern);
        } catch (IllegalArgumentException e) {
            throw s.fail("pattern", s.keyPath("pattern") + ": " + e.getMessage() + "; use a glob on the file name "
                    + "like '*.db' or '{*.db,*.sqlite}'");
        }
        if (pattern.contains("/")) {
            throw s.fail("pattern", s.keyPath("pattern") + " '" + pattern + "' must match file names only, without"
                    + " '/'; set recursive: true to look in subdirectories");
        }
        return new DirConfig(dir, pattern, s.bool("recursive").orElse(false), s.bool("watch").orElse(true),
                settings(s, dir));
    }

    private static Path localPath(Section s, String key, String raw) {
        try {
            return LocalPaths.resolve(raw);
        } catch (IllegalArgumentException e) {
            throw s.fail(key, s.keyPath(key) + ": " + e.getMessage());
        }
    }

    private DbConfig settings(Section s, Path path) {
        s.string("meta-path");
        List<Section> replicaSections = s.sections("replicas").orElse(List.of());
        if (replicaSections.isEmpty()) {
            throw s.fail("replicas", s.name() + ": no replicas; add replicas: with at least one entry, like "
                    + "'- url: s3://BUCKET/PATH'");
        }
        List<ReplicaConfig> replicas = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Section replicaSection : replicaSections) {
            ReplicaConfig replica = replicaReader.read(replicaSection);
            String earlier = names.putIfAbsent(replica.name(), replicaSection.name());
            if (earlier != null) {
                throw replicaSection.fail("name", replicaSection.name() + ": replica name '" + replica.name()
                        + "' is already used by " + earlier + "; give each replica its own name: (it defaults to"
                        + " the type)");
            }
            replicas.add(replica);
        }
        int minPages = s.integer("min-checkpoint-page-count").orElse(DbConfig.DEFAULT_MIN_CHECKPOINT_PAGE_COUNT);
        int maxPages = s.integer("max-checkpoint-page-count").orElse(DbConfig.DEFAULT_MAX_CHECKPOINT_PAGE_COUNT);
        if (minPages < 1) {
            throw s.fail("min-checkpoint-page-count", s.keyPath("min-checkpoint-page-count")
                    + " must be at least 1, not " + minPages);
        }
        if (maxPages < minPages) {
            throw s.fail("max-checkpoint-page-count", s.keyPath("max-checkpoint-page-count") + " (" + maxPages
                    + ") must be at least min-checkpoint-page-count (" + minPages + ")");
        }
        return new DbConfig(
                path,
                replicas,
                s.positiveDuration("monitor-interval", DbConfig.DEFAULT_MONITOR_INTERVAL),
                s.positiveDuration("checkpoint-interval", DbConfig.DEFAULT_CHECKPOINT_INTERVAL),
                minPages,
                maxPages,
                s.positiveDuration("busy-timeout", DbConfig.DEFAULT_BUSY_TIMEOUT),
                s.bool("restore-if-db-missing").orElse(false));
    }
}
