package dev.replicator.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.replicator.DaemonThreads;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** Serves {@code GET /metrics} (Prometheus text) and {@code GET /healthz} (200 or 503 with JSON reasons). */
public final class MetricsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<List<Database>> databases;
    private final Supplier<List<Replica>> replicas;
    private final Duration window;
    private final Clock clock;

    private MetricsServer(HttpServer server, Supplier<List<Database>> databases, Supplier<List<Replica>> replicas,
                          Duration window, Clock clock) {
        this.server = server;
        this.databases = databases;
        this.replicas = replicas;
        this.window = window;
        this.clock = clock;
        this.executor = Executors.newSingleThreadExecutor(DaemonThreads.named("http"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Listens on {@code addr}. */
    public static MetricsServer start(ListenAddress addr, Supplier<List<Database>> databases,
                                      Supplier<List<Replica>> replicas, Duration window, Clock clock)
            throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(addr.socket(), 16);
        } catch (BindException e) {
            throw new IOException("cannot listen on addr " + addr.text() + " (" + e.getMessage() + "): another process "
                    + "uses the port; pick another addr, or stop that process", e);
        }
        MetricsServer s = new MetricsServer(server, databases, replicas, window, clock);
        server.start();
        log.info("serving /metrics and /healthz on {}", s.address());
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
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

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
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
