package dev.replicator.server;

import dev.replicator.Names;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseStats;
import dev.replicator.replica.Replica;
import dev.replicator.replica.ReplicaStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether replication works: every database synced (or failed no longer than {@code window} ago), and every replica
 * either holds everything or made progress within {@code window}. An idle replica that holds everything is healthy
 * without talking to its storage, so health costs no requests.
 */
record Health(List<String> problems) {

    boolean healthy() {
        return problems.isEmpty();
    }

    static Health of(List<Database> databases, List<Replica> replicas, Duration window, Instant now) {
        List<String> problems = new ArrayList<>();
        for (Database db : databases) {
            DatabaseStats s = db.stats();
            Optional<Instant> failedAt = s.lastError()
                    .filter(e -> s.lastSync().isEmpty() || e.isAfter(s.lastSync().get()));
            if (failedAt.isPresent() && olderThan(s.lastSync(), window, now)) {
                problems.add("db=" + db.path() + ": sync failing" + since(s.lastSync(), now) + ": "
                        + s.lastErrorMessage().orElse("?"));
            }
        }
        for (Replica r : replicas) {
            ReplicaStats s = r.stats();
            if (!stalled(s.behindSince(), s.lastProgress(), window, now)) {
                continue;
            }
            ReplicaLag lag = ReplicaLag.of(r, now);
            String problem = "db=" + r.database().path() + " replica=" + Names.quoted(r.name()) + ": " + lag.bytes()
                    + " WAL bytes not uploaded for " + lag.time().toSeconds() + "s, no successful upload"
                    + since(s.lastProgress(), now);
            if (s.lastError().isPresent() && s.lastErrorMessage().isPresent()) {
                problem += "; last error: " + s.lastErrorMessage().get();
            }
            problems.add(problem);
        }
        return new Health(List.copyOf(problems));
    }

    /** A replica that has lacked something for longer than {@code window} and made no progress within it. */
    static boolean stalled(Optional<Instant> behindSince, Optional<Instant> lastProgress, Duration window,
                           Instant now) {
        return behindSince.isPresent() && olderThan(behindSince, window, now) && olderThan(lastProgress, window, now);
    }

    private static boolean olderThan(Optional<Instant> at, Duration window, Instant now) {
        return at.isEmpty() || at.get().plus(window).isBefore(now);
    }

    private static String since(Optional<Instant> at, Instant now) {
        return at.map(t -> " for " + Duration.between(t, now).toSeconds() + "s").orElse(" since start");
    }

    /** {@code {"status":"ok"}} or {@code {"status":"unhealthy","reasons":[...]}}. */
    String json() {
        if (healthy()) {
            return "{\"status\":\"ok\"}\n";
        }
        StringBuilder b = new StringBuilder("{\"status\":\"unhealthy\",\"reasons\":[");
        for (int i = 0; i < problems.size(); i++) {
            b.append(i == 0 ? "" : ",").append('"').append(jsonEscape(problems.get(i))).append('"');
        }
        return b.append("]}\n").toString();
    }

    static String jsonEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
