package dev.replicator.server;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Replica;
import dev.replicator.replica.ReplicaStats;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one replica of a running {@code replicate} stands, as {@code replicator status} shows it: the database's
 * position and the replica's, the lag, the last upload, snapshot and verify, and health as {@code /healthz} judges
 * it ({@link #healthy}). Travels between processes as one line of {@code key=value} fields ({@link #toLine}, {@link #parse}).
 */
public record ReplicaStatus(Map<String, String> fields) {

    private static final String PREFIX = "STATUS ";
    private static final String LAST = "last_error";
    /** The order of the fields, which is the order of the table's columns. */
    public static final List<String> KEYS = List.of("db", "replica", "location", "position", "uploaded", "lag_bytes",
            "lag_seconds", "last_upload", "last_snapshot", "last_verify", "verify", "behind_since", "last_progress",
            "last_error");

    public ReplicaStatus {
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ReplicaStatus of(Replica r, Instant now) {
        ReplicaStats s = r.stats();
        ReplicaLag lag = ReplicaLag.of(r, now);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("db", r.database().path().toString());
        f.put("replica", r.name());
        f.put("location", r.client().location());
        f.put("position", r.database().position().map(Pos::toString).orElse("-"));
        f.put("uploaded", r.uploaded().map(Pos::toString).orElse("-"));
        f.put("lag_bytes", Long.toString(lag.bytes()));
        f.put("lag_seconds", Long.toString(lag.time().toSeconds()));
        f.put("last_upload", time(s.lastUpload()));
        f.put("last_snapshot", time(s.lastSnapshot()));
        f.put("last_verify", time(s.lastVerify()));
        f.put("verify", s.lastVerifyOk().map(ok -> ok ? "ok" : "failed").orElse("-"));
        f.put("behind_since", time(s.behindSince()));
        f.put("last_progress", time(s.lastProgress()));
        f.put("last_error", s.lastError().isPresent() ? s.lastErrorMessage().orElse("?") : "-");
        return new ReplicaStatus(f);
    }

    /**
     * What the storage alone says of a replica no {@code replicate} runs for: its newest generation's last position
     * and newest objects; nothing about the database, health unknown.
     */
    public static ReplicaStatus stored(String db, String replica, String location, List<GenerationListing> listings) {
        Optional<GenerationListing> newest = listings.stream().filter(g -> g.updatedAt().isPresent())
                .max(Comparator.comparing(g -> g.updatedAt().orElseThrow()));
        Map<String, String> f = new LinkedHashMap<>();
        KEYS.forEach(k -> f.put(k, "-"));
        f.put("db", db);
        f.put("replica", replica);
        f.put("location", location);
        newest.ifPresent(g -> {
            f.put("uploaded", g.segments().stream().reduce((a, b) -> b)
                    .map(last -> g.generation() + "/" + String.format("%08x", last.index())).orElse(g.generation()));
            f.put("last_upload", time(g.segments().stream().map(SegmentInfo::createdAt).max(Instant::compareTo)));
            f.put("last_snapshot", time(g.snapshots().stream().map(SnapshotInfo::createdAt).max(Instant::compareTo)));
            f.put("newest_object", time(g.updatedAt()));
        });
        return new ReplicaStatus(f);
    }

    /** A replica whose storage could not be listed, with the reason. */
    public static ReplicaStatus unreadable(String db, String replica, String location, String reason) {
        Map<String, String> f = new LinkedHashMap<>();
        KEYS.forEach(k -> f.put(k, "-"));
        f.put("db", db);
        f.put("replica", replica);
        f.put("location", location);
        f.put("last_error", reason);
        return new ReplicaStatus(f);
    }

    /** Healthy as {@code /healthz} judges it with {@code window} (the config's {@code health-window}). */
    public boolean healthy(Duration window, Instant now) {
        return !Health.stalled(instant("behind_since"), instant("last_progress"), window, now);
    }

    private Optional<Instant> instant(String key) {
        String value = get(key);
        return value.equals("-") ? Optional.empty() : Optional.of(Instant.parse(value));
    }

    public String get(String key) {
        return fields.getOrDefault(key, "-");
    }

    /** {@code STATUS db=... replica=... last_error=...}: values but the error, which comes last, carry no space. */
    public String toLine() {
        StringBuilder b = new StringBuilder(PREFIX);
        for (String key : KEYS) {
            String value = get(key);
            b.append(key).append('=').append(key.equals(LAST) ? value
                    : value.replace("%", "%25").replace(" ", "%20")).append(' ');
        }
        return b.toString().stripTrailing();
    }

    public static Optional<ReplicaStatus> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Map<String, String> f = new LinkedHashMap<>();
        String rest = line.substring(PREFIX.length());
        int last = rest.indexOf(" " + LAST + "=");
        if (last >= 0) {
            f.put(LAST, rest.substring(last + LAST.length() + 2));
            rest = rest.substring(0, last);
        }
        for (String token : rest.strip().split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
                f.put(token.substring(0, eq), token.substring(eq + 1).replace("%20", " ").replace("%25", "%"));
            }
        }
        return Optional.of(new ReplicaStatus(f));
    }

    private static String time(Optional<Instant> at) {
        return at.map(Instant::toString).orElse("-");
    }
}
