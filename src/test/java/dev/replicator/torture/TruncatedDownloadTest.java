package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Regression: a GET whose body the network cut short came back from the S3 client as a normal, shorter object (the
 * URL-connection client does not check Content-Length), so a restore failed with "WAL segment ... is truncated:
 * restore to an earlier point" on a transient fault. Downloads now resume with a ranged GET.
 */
class TruncatedDownloadTest {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final Pos POS = new Pos("0123456789abcdef", 0, 0);

    private FaultProxy proxy;
    private S3ReplicaClient client;
    private final byte[] content = new byte[500_000];

    @BeforeEach
    void start() throws IOException {
        new Random(2).nextBytes(content);
        String bucket = S3.createBucket();
        try (S3ReplicaClient direct = new S3ReplicaClient(S3.location(bucket, "db"))) {
            direct.writeWalSegment(POS, new ByteArrayInputStream(content));
        }
        proxy = FaultProxy.start(S3.endpoint());
        client = new S3ReplicaClient(S3Locations.at(proxy.endpoint(), S3.location(bucket, "db")));
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        proxy.close();
    }

    @Test
    void aBodyCutShortIsResumedWhereItBrokeOff() throws IOException {
        proxy.plan(FaultPlan.first(3, FaultPlan::isDownload, Fault.of(Fault.Kind.TRUNCATE_RESPONSE)));
        try (InputStream in = client.openWalSegment(POS)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(proxy.injected()).as(proxy::history).containsEntry("TRUNCATE_RESPONSE", 3);
    }

    @Test
    void aBodyCutShortEveryTimeFailsNamingTheObject() {
        proxy.plan(request -> FaultPlan.isDownload(request) ? Fault.of(Fault.Kind.TRUNCATE_RESPONSE) : Fault.PASS);
        assertThatThrownBy(() -> {
            try (InputStream in = client.openWalSegment(POS)) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class)
                .hasMessageContaining("/db/generations/0123456789abcdef/wal/00000000_00000000.wal.lz4")
                .hasMessageContaining("download broke off");
    }
}
