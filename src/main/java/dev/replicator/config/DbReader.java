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
    static final List<String> KEYS = List.of("path", "replicas", "monitor-interval", "checkpoint-interval",
            "min-checkpoint-page-count", "max-checkpoint-page-count", "busy-timeout", "restore-if-db-missing",
            "meta-path");

    private final ReplicaReader replicaReader;

    DbReader(ReplicaReader replicaReader) {
        this.replicaReader = replicaReader;
    }

    DbConfig read(Section s) {
        s.allowOnly(KEYS);
        s.string("meta-path");
        String rawPath = s.string("path").orElseThrow(() -> s.failHere(
                s.name() + ": missing path; add path: /path/to/app.db (the SQLite file to replicate)"));
        Path path;
        try {
            path = LocalPaths.resolve(rawPath);
        } catch (IllegalArgumentException e) {
            throw s.fail("path", s.keyPath("path") + ": " + e.getMessage());
        }
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
