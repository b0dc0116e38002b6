package dev.replicator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.replicator.DaemonThreads;
import dev.replicator.config.ApiToken;
import dev.replicator.config.ListenAddress;
import dev.replicator.db.Database;
import dev.replicator.replica.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code GET /metrics} (Prometheus text), {@code GET /healthz} (200 or 503 with JSON reasons) and the control
 * API's {@link HttpEndpoint}s. A POST needs {@code Authorization: Bearer TOKEN}: without a configured token it is
 * refused (403, saying how to turn it on), with a wrong one 401 and nothing else. Requests run on their own threads,
 * so a slow snapshot never holds up {@code /healthz}.
 */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<List<Database>> databases;
    private final Supplier<List<Replica>> replicas;
    private final Duration window;
    private final Clock clock;
    private final Optional<ApiToken> token;
    private final List<HttpEndpoint> endpoints;

    private MetricsServer(HttpServer server, Supplier<List<Database>> databases, Supplier<List<Replica>> replicas,
                          Duration window, Clock clock, Optional<ApiToken> token, List<HttpEndpoint> endpoints) {
        this.server = server;
        this.databases = databases;
        this.replicas = replicas;
        this.window = window;
        this.clock = clock;
        this.token = token;
        this.endpoints = List.copyOf(endpoints);
        this.executor = Executors.newCachedThreadPool(DaemonThreads.named("http"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Listens on {@code addr}. */
    public static MetricsServer start(ListenAddress addr, Supplier<List<Database>> databases,
                                      Supplier<List<Replica>> replicas, Duration window, Clock clock)
            throws IOException {
        return start(addr, databases, replicas, window, clock, Optional.empty(), List.of());
    }

    /** Listens on {@code addr}, serving {@code endpoints} too; their POSTs need {@code token}. */
    public static MetricsServer start(ListenAddress addr, Supplier<List<Database>> databases,
                                      Supplier<List<Replica>> replicas, Duration window, Clock clock,
                                      Optional<ApiToken> token, List<HttpEndpoint> endpoints) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(addr.socket(), 16);
        } catch (BindException e) {
            throw new IOException("cannot listen on addr " + addr.text() + " (" + e.getMessage() + "): another process "
                    + "uses the port; pick another addr, or stop that process", e);
        }
        MetricsServer s = new MetricsServer(server, databases, replicas, window, clock, token, endpoints);
        server.start();
        log.info("serving /metrics, /healthz{} on {}", endpoints.stream().map(e -> ", " + e.method() + " " + e.path())
                .reduce("", String::concat), s.address());
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Optional<HttpEndpoint> endpoint = endpoints.stream().filter(e -> e.path().equals(path)).findFirst();
        if (endpoint.isPresent()) {
            ControlRequests.answer(exchange, endpoint.get(), token);
            return;
        }
        if (!path.equals("/metrics") && !path.equals("/healthz")) {
            respond(exchange, 404, TEXT, "not found: try /metrics or /healthz\n");
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().add("Allow", "GET, HEAD");
            respond(exchange, 405, TEXT, "method not allowed: use GET\n");
            return;
        }
        try {
            if (path.equals("/metrics")) {
                respond(exchange, 200, PrometheusText.CONTENT_TYPE,
                        Metrics.render(databases.get(), replicas.get(), window, clock.instant()));
            } else {
                Health health = Health.of(databases.get(), replicas.get(), window, clock.instant());
                respond(exchange, health.healthy() ? 200 : 503, "application/json", health.json());
            }
        } catch (RuntimeException e) {
            log.warn("answering GET {} failed: {}", path, e.toString());
            respond(exchange, 500, TEXT, "internal error: " + e + "\n");
        }
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            boolean empty = head || bytes.length == 0;
            exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
            if (!empty) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
