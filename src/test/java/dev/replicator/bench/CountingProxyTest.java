package dev.replicator.bench;

import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The bench's proxy passes S3 traffic through unchanged on kept-alive connections and counts what it saw. */
class CountingProxyTest {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;

    @Test
    void countsEachRequestAndTellsWhenAnObjectIsStored() throws Exception {
        String bucket = S3.createBucket();
        List<S3Request> stored = new CopyOnWriteArrayList<>();
        try (RequestCounter counter = new RequestCounter(dir.resolve("requests.log"));
             CountingProxy proxy = CountingProxy.start(S3.endpoint(), counter, (r, at) -> stored.add(r));
             S3Client client = S3.newClient(proxy.endpoint())) {
            client.putObject(b -> b.bucket(bucket).key("a/b.lz4"), RequestBody.fromString("payload"));
            assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("a/b.lz4")).asUtf8String())
                    .isEqualTo("payload");
            assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("a/")).contents()).hasSize(1);

            // the proxy passes bytes on as it reads them, so it may count a moment after the client has its answer
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                RequestCounts counts = counter.snapshot(bucket);
                assertThat(counts.get(RequestClass.PUT)).isEqualTo(1);
                assertThat(counts.get(RequestClass.GET)).isEqualTo(1);
                assertThat(counts.get(RequestClass.LIST)).isEqualTo(1);
                assertThat(stored).extracting(S3Request::key).containsExactly("a/b.lz4");
            });
        }
    }
}
