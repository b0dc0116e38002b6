package dev.replicator.wiring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicator.DaemonThreads;
import dev.replicator.Names;
import dev.replicator.config.Durations;
import dev.replicator.control.Request;
import dev.replicator.control.RequestClient;
import dev.replicator.control.Response;
import dev.replicator.db.Database;
import dev.replicator.replica.Replica;
import dev.replicator.replicate.Replication;
import dev.replicator.server.HttpEndpoint;
import dev.replicator.server.ReplicaStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control API of a running {@code replicate}: {@code POST /snapshot} and {@code POST /verify} (every database, or
 * {@code ?db=PATH}) do what the commands of those names do, through the same request queue, and answer once every
 * replica is done, or 504 with what is pending after {@code ?wait=} (default 5m); a second request for a database
 * joins the one in flight. {@code GET /status} gives what {@code replicator status} shows.
 */
public final class ControlEndpoints {

    private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
    private static final Duration WORK_TIMEOUT = Duration.ofHours(1);
    private static final Pattern POSITION = Pattern.compile("([0-9a-f]{16})/([0-9a-f]{8})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Replication replication;
    private final Duration healthWindow;
    private final Map<String, CompletableFuture<Response>> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(DaemonThreads.named("control"));

    private ControlEndpoints(Replication replication, Duration healthWindow) {
        this.replication = replication;
        this.healthWindow = healthWindow;
    }

    public static List<HttpEndpoint> of(Replication replication, Duration healthWindow) {
        ControlEndpoints c = new ControlEndpoints(replication, healthWindow);
        return List.of(c.endpoint("/snapshot", "POST", q -> c.work(Request.Kind.SNAPSHOT, q)),
                c.endpoint("/verify", "POST", q -> c.work(Request.Kind.VERIFY, q)),
                c.endpoint("/status", "GET", c::status));
    }

    private interface Handler {
        HttpEndpoint.Reply handle(Map<String, String> query) throws IOException, InterruptedException;
    }

    private HttpEndpoint endpoint(String path, String method, Handler handler) {
        return new HttpEndpoint() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public String method() {
                return method;
            }

            @Override
            public Reply handle(Map<String, String> query) throws IOException, InterruptedException {
                return handler.handle(query);
            }
        };
    }

    private HttpEndpoint.Reply work(Request.Kind kind, Map<String, String> query)
            throws IOException, InterruptedException {
        List<Path> dbs;
        Duration wait;
        try {
            dbs = selected(query);
        } catch (UnknownDatabase e) {
            return new HttpEndpoint.Reply(404, error(e.getMessage()));
        }
        try {
            wait = query.containsKey("wait") ? Durations.parse(query.get("wait")) : DEFAULT_WAIT;
        } catch (IllegalArgumentException e) {
            return new HttpEndpoint.Reply(400, error("?wait=" + query.get("wait") + ": " + e.getMessage()));
        }
        Map<Path, CompletableFuture<Response>> work = new LinkedHashMap<>();
        for (Path db : dbs) {
            String key = kind + " " + db;
            work.put(db, inFlight.computeIfAbsent(key, k -> {
                CompletableFuture<Response> f = CompletableFuture.supplyAsync(() -> ask(db, kind), workers);
                f.whenComplete((r, e) -> inFlight.remove(k, f));
                return f;
            }));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        List<Map<String, Object>> done = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        boolean ok = true;
        for (Map.Entry<Path, CompletableFuture<Response>> w : work.entrySet()) {
            try {
                Response r = w.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                ok &= r.ok();
                done.add(database(w.getKey(), r));
            } catch (TimeoutException e) {
                pending.add(w.getKey().toString());
            } catch (ExecutionException e) {
                ok = false;
                done.add(Map.of("db", w.getKey().toString(), "ok", false, "error", String.valueOf(e.getCause()
                        .getMessage())));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", ok && pending.isEmpty());
        body.put("databases", done);
        body.put("pending", pending);
        return new HttpEndpoint.Reply(!pending.isEmpty() ? 504 : ok ? 200 : 500, json(body));
    }

    private Response ask(Path db, Request.Kind kind) {
        try {
            return new RequestClient(db).ask(kind, List.of(), WORK_TIMEOUT);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One database's answer: per replica, whether it worked, the snapshot's or restored position, and the line. */
    private Map<String, Object> database(Path db, Response r) {
        List<String> names = replication.replicas().stream().filter(x -> x.database().path().equals(db))
                .map(Replica::name).toList();
        List<Map<String, Object>> replicas = new ArrayList<>();
        for (String line : r.lines()) {
            // "OK db=PATH replica=NAME: message": PATH and NAME may hold blanks, so they are matched, not parsed.
            String body = line.replaceFirst("^(OK|FAILED) ", "");
            String name = null;
            String message = line;
            for (String n : names) {
                String subject = "db=" + db + " replica=" + Names.quoted(n) + ": ";
                if (body.startsWith(subject)) {
                    name = n;
                    message = body.substring(subject.length());
                }
            }
            Map<String, Object> replica = new LinkedHashMap<>();
            replica.put("replica", name);
            replica.put("ok", line.startsWith("OK "));
            Matcher pos = POSITION.matcher(message);
            boolean found = pos.find();
            replica.put("generation", found ? pos.group(1) : null);
            replica.put("index", found ? pos.group(2) : null);
            replica.put("message", line);
            replicas.add(replica);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("db", db.toString());
        out.put("ok", r.ok());
        out.put("replicas", replicas);
        return out;
    }

    private HttpEndpoint.Reply status(Map<String, String> query) throws IOException {
        List<Path> dbs;
        try {
            dbs = selected(query);
        } catch (IllegalArgumentException e) {
            return new HttpEndpoint.Reply(404, error(e.getMessage()));
        }
        Instant now = Instant.now();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Replica r : replication.replicas()) {
            if (dbs.contains(r.database().path())) {
                ReplicaStatus s = ReplicaStatus.of(r, now);
                Map<String, Object> row = new LinkedHashMap<>(s.fields());
                row.put("health", s.healthy(healthWindow, now) ? "ok" : "unhealthy");
                rows.add(row);
            }
        }
        return new HttpEndpoint.Reply(200, json(rows));
    }

    /** Every replicated database, or the one {@code ?db=} names. */
    private List<Path> selected(Map<String, String> query) {
        List<Path> all = replication.databases().stream().map(Database::path).toList();
        if (!query.containsKey("db")) {
            return all;
        }
        Path db = Path.of(query.get("db")).toAbsolutePath().normalize();
        if (!all.contains(db)) {
            throw new UnknownDatabase("db " + db + " is not replicated here; these are: " + all);
        }
        return List.of(db);
    }

    private static final class UnknownDatabase extends IllegalArgumentException {
        UnknownDatabase(String message) {
            super(message);
        }
    }

    private static String error(String message) {
        return json(Map.of("error", message));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
