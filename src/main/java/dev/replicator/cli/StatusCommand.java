package dev.replicator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.Durations;
import dev.replicator.server.ReplicaStatus;
import dev.replicator.wiring.ReplicaStatuses;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code replicator status}: one row per database and replica, for people, cron and monitoring. */
@Command(name = "status", description = "Show where each database's replicas stand: from the running replicate when "
        + "one holds the database, otherwise from the replicas themselves. Exits 1 when a replica is unhealthy, "
        + "unreachable or (with -max-age) behind for longer than that.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Option(names = "-max-age", paramLabel = "DURATION", description = "Exit 1 if a replica has lacked part of its "
            + "database for longer than this (with no replicate running: if its newest object is older).")
    String maxAge;

    @Option(names = "-json", description = "One JSON array of objects instead of the table.")
    boolean json;

    @Option(names = "-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Longest wait for a running replicate's answer (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Parameters(paramLabel = "DB_PATH", arity = "0..*", description = "Databases from the config (default: all).")
    List<String> dbs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Config config = common.loadConfig();
        if (!Verbosity.isVerbose()) {
            Verbosity.setLevel(config.logging().level().name());
        }
        Optional<Duration> limit = Optional.ofNullable(maxAge).map(v -> duration("-max-age", v));
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean ok = true;
        for (DbConfig db : Selection.databases(config, dbs, common)) {
            ReplicaStatuses.Answer answer = ReplicaStatuses.of(db, duration("-timeout", timeout));
            boolean running = answer.source() == ReplicaStatuses.Source.REPLICATE;
            for (ReplicaStatus s : answer.replicas()) {
                Map<String, Object> row = new LinkedHashMap<>(s.fields());
                for (String number : List.of("lag_bytes", "lag_seconds")) {
                    row.computeIfPresent(number, (k, v) -> v.equals("-") ? null : Long.parseLong(v.toString()));
                }
                row.put("source", running ? "replicate" : "replicas");
                String health = !s.get("last_error").equals("-") && !running ? "unreachable"
                        : running ? (s.healthy(config.healthWindow(), now) ? "ok" : "unhealthy") : "not running";
                Optional<Duration> behind = behind(s, running, now);
                boolean stale = limit.isPresent() && (behind.isEmpty() || behind.get().compareTo(limit.get()) > 0);
                row.put("health", health);
                row.put("behind_seconds", behind.map(Duration::toSeconds).orElse(null));
                row.put("stale", stale);
                ok &= !health.equals("unhealthy") && !health.equals("unreachable") && !stale;
                rows.add(row);
            }
        }
        if (json) {
            System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            table(rows, now);
        }
        return ok ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * How long the replica has lacked part of its database: none while a running replicate's replica holds it all;
     * with no replicate running, the age of its newest object; empty if it holds nothing.
     */
    private static Optional<Duration> behind(ReplicaStatus s, boolean running, Instant now) {
        String since = running ? (s.get("lag_bytes").equals("0") ? null : s.get("behind_since"))
                : s.get("newest_object");
        if (running && since == null) {
            return Optional.of(Duration.ZERO);
        }
        return since == null || since.equals("-") ? Optional.empty()
                : Optional.of(Duration.between(Instant.parse(since), now));
    }

    private static void table(List<Map<String, Object>> rows, Instant now) {
        Table table = new Table("db", "replica", "from", "position", "uploaded", "behind", "last upload",
                "last snapshot", "last verify", "health");
        for (Map<String, Object> r : rows) {
            Object behind = r.get("behind_seconds");
            table.add(r.get("db"), r.get("replica"), r.get("source"), r.get("position"), r.get("uploaded"),
                    behind == null ? "-" : GenerationsCommand.formatLag(Duration.ofSeconds((Long) behind))
                            + (r.get("lag_bytes") == null ? "" : " (" + r.get("lag_bytes") + " B)"),
                    age(r.get("last_upload"), now), age(r.get("last_snapshot"), now),
                    age(r.get("last_verify"), now) + (r.get("verify").equals("-") ? "" : " " + r.get("verify")),
                    r.get("health") + (Boolean.TRUE.equals(r.get("stale")) ? ", stale" : "")
                            + (r.get("last_error").equals("-") ? "" : ": " + r.get("last_error")));
        }
        table.print(System.out);
    }

    private static String age(Object at, Instant now) {
        return at == null || at.equals("-") ? "-"
                : GenerationsCommand.formatLag(Duration.between(Instant.parse(at.toString()), now)) + " ago";
    }

    private static Duration duration(String flag, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(flag + " " + text + ": " + e.getMessage());
        }
    }
}
