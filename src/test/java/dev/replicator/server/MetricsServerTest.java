package dev.replicator.server;

import dev.replicator.config.ListenAddress;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsServerTest {

    @Test
    void parsesAddresses() {
        assertThat(ListenAddress.parse(":9090").socket()).isEqualTo(new InetSocketAddress(9090));
        assertThat(ListenAddress.parse("127.0.0.1:9090").socket()).isEqualTo(new InetSocketAddress("127.0.0.1", 9090));
        assertThat(ListenAddress.parse("[::1]:9090").socket()).isEqualTo(new InetSocketAddress("::1", 9090));
        assertThatThrownBy(() -> ListenAddress.parse("9090")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenAddress.parse(":http")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ListenAddress.parse(":70000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servesMetricsAndHealthAndNothingElse() throws Exception {
        try (MetricsServer server = MetricsServer.start(ListenAddress.parse("127.0.0.1:0"), List::of, List::of,
                Duration.ofMinutes(1), Clock.systemUTC())) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.address().getPort();

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}\n");
            assertThat(health.headers().firstValue("Content-Type")).contains("application/json");

            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("# TYPE replicator_replica_lag_seconds gauge");

            HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(base + "/metricsx")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);

            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aBusyPortIsAnErrorThatNamesTheFix() throws Exception {
        try (MetricsServer first = MetricsServer.start(ListenAddress.parse("127.0.0.1:0"), List::of, List::of,
                Duration.ofMinutes(1), Clock.systemUTC())) {
            String addr = "127.0.0.1:" + first.address().getPort();
            assertThatThrownBy(() -> MetricsServer.start(ListenAddress.parse(addr), List::of, List::of,
                    Duration.ofMinutes(1), Clock.systemUTC()))
                    .hasMessageContaining("cannot listen on addr " + addr)
                    .hasMessageContaining("pick another addr");
        }
    }
}
