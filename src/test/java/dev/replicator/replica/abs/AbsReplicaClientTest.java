package dev.replicator.replica.abs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.config.AbsSettings;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaClientContract;
import dev.replicator.replica.ReplicaException;
import dev.replicator.testing.AzuriteServer;
import dev.replicator.testing.Ports;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract against Azurite's blob service, with the emulator's account and Shared Key signing. */
class AbsReplicaClientTest extends ReplicaClientContract {

    private static final String PREFIX = "backups/app.db";
    private static final AtomicInteger CONTAINERS = new AtomicInteger();
    private static AzuriteServer azurite;

    private String container;

    @BeforeAll
    static void startAzurite() throws Exception {
        azurite = AzuriteServer.start(Files.createTempDirectory("azurite"));
    }

    @AfterAll
    static void stopAzurite() throws Exception {
        azurite.close();
    }

    static AbsSettings settings(String container, String prefix, String key) {
        return new AbsSettings(AzuriteServer.ACCOUNT, key, container, prefix, Optional.of(azurite.endpoint()));
    }

    @Override
    protected ReplicaClient newClient() throws Exception {
        container = "replica-" + CONTAINERS.incrementAndGet();
        createContainer(container);
        return new AbsReplicaClient(settings(container, PREFIX, AzuriteServer.KEY));
    }

    @Override
    protected void putRaw(String key, byte[] content) throws IOException {
        new BlobApi(settings(container, "", AzuriteServer.KEY)).putBlob(PREFIX + "/" + key, content).body().close();
    }

    static void createContainer(String name) throws Exception {
        URI uri = URI.create(azurite.endpoint() + "/" + name + "?restype=container");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-ms-date", DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .format(ZonedDateTime.now(ZoneOffset.UTC)));
        headers.put("x-ms-version", BlobApi.VERSION);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        b.header("Authorization", new SharedKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY)
                .authorization("PUT", uri, headers, 0));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void largeObjectsGoUpInBlocks() throws IOException {
        byte[] big = new byte[2 * BlobRequests.BLOCK_SIZE + 7];
        new java.util.Random(3).nextBytes(big);

        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(big));

        assertThat(readAll(client.openSnapshot(GEN, 1))).isEqualTo(big);
        assertThat(client.location()).isEqualTo("abs://" + AzuriteServer.ACCOUNT + "@" + container + "/" + PREFIX
                + "?endpoint=" + azurite.endpoint());
    }

    @Test
    void wrongAccountKeyNamesTheCredentials() {
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        try (ReplicaClient c = new AbsReplicaClient(settings(container, PREFIX, wrong))) {
            assertThatThrownBy(c::generations).isInstanceOf(ReplicaException.class)
                    .hasMessageContaining("access denied (403 ")
                    .hasMessageEndingWith(": check account-name and account-key")
                    .hasMessageNotContaining(wrong).hasMessageNotContaining("\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingContainerIsNamed() throws IOException {
        try (ReplicaClient c = new AbsReplicaClient(settings("no-such-container", PREFIX, AzuriteServer.KEY))) {
            assertThatThrownBy(c::generations).isInstanceOf(ReplicaException.class)
                    .hasMessageEndingWith("container no-such-container does not exist: create it or fix 'bucket'");
        }
    }

    @Test
    void unreachableEndpointFailsFast() throws IOException {
        int port = Ports.freePort();
        AbsSettings nowhere = new AbsSettings("acct", AzuriteServer.KEY, "c", "", Optional.of("http://127.0.0.1:"
                + port + "/acct"));
        try (ReplicaClient c = new AbsReplicaClient(nowhere)) {
            assertThatThrownBy(c::generations).isInstanceOf(ReplicaException.class)
                    .hasMessage("cannot reach endpoint http://127.0.0.1:" + port + "/acct: connection refused: "
                            + "check 'endpoint'");
        }
    }
}
