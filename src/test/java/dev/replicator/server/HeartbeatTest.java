package dev.replicator.server;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatTest {

    @Test
    void pingsOnlyWhileHealthy() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger pings = new AtomicInteger();
        receiver.createContext("/ping/secret-token", exchange -> {
            pings.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        AtomicBoolean healthy = new AtomicBoolean(true);
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/ping/secret-token");
        Heartbeat heartbeat = new Heartbeat(url, healthy::get);
        try {
            heartbeat.schedule(Duration.ofMillis(50));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pings.get() >= 3);

            healthy.set(false);
            Awaitility.await("no pings while unhealthy").atMost(Duration.ofSeconds(10)).until(() -> {
                int before = pings.get();
                Thread.sleep(300); // six intervals without a ping
                return pings.get() == before;
            });
            int whileUnhealthy = pings.get();

            healthy.set(true);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pings.get() > whileUnhealthy + 2);
        } finally {
            heartbeat.close();
            receiver.stop(0);
        }
    }
}
