package dev.replicator.server;

import dev.replicator.DaemonThreads;
import dev.replicator.db.Database;
import dev.replicator.replica.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code heartbeat-url}: a GET every {@code heartbeat-interval}, but only while {@code /healthz} would answer 200, for
 * dead-man's-switch services that alert when the pings stop. The URL often embeds a secret token, so only its host
 * is logged, and a failing ping is logged once per change of state.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI url;
    private final BooleanSupplier healthy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("heartbeat"));
    private String lastState = "ok";

    Heartbeat(URI url, BooleanSupplier healthy) {
        this.url = url;
        this.healthy = healthy;
    }

    public static Heartbeat start(String url, Duration interval, Supplier<List<Database>> databases,
                                  Supplier<List<Replica>> replicas, Duration window, Clock clock) {
        Heartbeat h = new Heartbeat(URI.create(url), () -> Health.of(databases.get(), replicas.get(), window,
                clock.instant()).healthy());
        h.schedule(interval);
        log.info("heartbeat to {} every {}s while healthy", URI.create(url).getHost(), interval.toSeconds());
        return h;
    }

    void schedule(Duration interval) {
        timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            if (!healthy.getAsBoolean()) {
                state("skipped: replication is unhealthy (see /healthz)");
                return;
            }
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            state(r.statusCode() / 100 == 2 ? "ok" : "failed: HTTP " + r.statusCode());
        } catch (IOException | RuntimeException e) {
            state("failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void state(String now) {
        if (now.equals(lastState)) {
            return;
        }
        if (now.equals("ok")) {
            log.info("heartbeat to {} ok again", url.getHost());
        } else {
            log.warn("heartbeat to {} {}", url.getHost(), now.replace(url.toString(), url.getHost()));
        }
        lastState = now;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
