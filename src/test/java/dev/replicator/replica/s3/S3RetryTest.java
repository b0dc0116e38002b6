package dev.replicator.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.config.S3Settings;
import dev.replicator.replica.ReplicaException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries against a fake endpoint that fails on purpose, which S3Proxy cannot be made to do. */
class S3RetryTest {

    private static final String EMPTY_LISTING = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Name>bucket</Name><Prefix>db/generations/</Prefix><KeyCount>0</KeyCount>"
            + "<IsTruncated>false</IsTruncated></ListBucketResult>";
    private static final String INTERNAL_ERROR = "<Error><Code>InternalError</Code>"
            + "<Message>We encountered an internal error. Please try again.</Message></Error>";

    private final AtomicInteger requests = new AtomicInteger();
    private volatile int failures;
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::respond);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void serverErrorsAreRetried() throws IOException {
        failures = 2;
        try (S3ReplicaClient client = client(3)) {
            assertThat(client.generations()).isEmpty();
        }
        assertThat(requests).hasValue(3);
    }

    @Test
    void persistentServerErrorsFailAfterTheLastAttempt() {
        failures = Integer.MAX_VALUE;
        try (S3ReplicaClient client = client(3)) {
            assertThatThrownBy(client::generations)
                    .isInstanceOf(ReplicaException.class)
                    .hasMessage("s3://bucket/db/generations/: storage error (500 InternalError) persisted through"
                            + " retries: try again later");
        }
        assertThat(requests).hasValue(3);
    }

    private S3ReplicaClient client(int attempts) {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        return new S3ReplicaClient(new S3Settings("bucket", "db", Optional.of(endpoint), Optional.empty(), true, false,
                Optional.of("key"), Optional.of("secret")),
                new S3Tuning(attempts, Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    private void respond(HttpExchange exchange) throws IOException {
        boolean fail = requests.incrementAndGet() <= failures;
        byte[] body = (fail ? INTERNAL_ERROR : EMPTY_LISTING).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(fail ? 500 : 200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
