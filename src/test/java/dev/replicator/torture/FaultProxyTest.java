package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.replica.s3.S3Tuning;
import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fault proxy itself: each fault reaches the client as the failure it stands for, and leaves the object stored
 * or not as its kind says. Without this, a storage-fault scenario that passes might have injected nothing.
 */
class FaultProxyTest {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final String GEN = "0123456789abcdef";

    private FaultProxy proxy;
    private S3ReplicaClient viaProxy;
    private S3ReplicaClient direct;
    private final byte[] content = new byte[300_000];

    @BeforeEach
    void start() throws IOException {
        new Random(1).nextBytes(content);
        String bucket = S3.createBucket();
        proxy = FaultProxy.start(S3.endpoint());
        S3Tuning oneAttempt = new S3Tuning(1, Duration.ofSeconds(2), Duration.ofSeconds(5));
        viaProxy = new S3ReplicaClient(S3Locations.at(proxy.endpoint(), S3.location(bucket, "db")), oneAttempt);
        direct = new S3ReplicaClient(S3.location(bucket, "db"));
    }

    @AfterEach
    void stop() throws IOException {
        viaProxy.close();
        direct.close();
        proxy.close();
    }

    @Test
    void passesUploadsDownloadsAndListingsThrough() throws IOException {
        viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content));
        assertThat(read(viaProxy, pos(0))).isEqualTo(content);
        assertThat(viaProxy.walSegments(GEN)).hasSize(1);
        assertThat(proxy.requests()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void errorStatusBeforeForwardingStoresNothing() {
        proxy.plan(FaultPlan.first(1, FaultPlan::isUpload, Fault.status(503)));
        assertThatThrownBy(() -> viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content)))
                .isInstanceOf(IOException.class);
        assertThat(stored()).isFalse();
    }

    @Test
    void errorStatusAfterForwardingStoresButFails() {
        proxy.plan(FaultPlan.first(1, FaultPlan::isUpload, Fault.statusAfterForward(500)));
        assertThatThrownBy(() -> viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content)))
                .isInstanceOf(IOException.class);
        assertThat(stored()).isTrue();
    }

    @Test
    void resetsBeforeOrMidRequestStoreNothing() {
        for (Fault.Kind kind : new Fault.Kind[] {Fault.Kind.RESET_BEFORE_FORWARD, Fault.Kind.RESET_MID_REQUEST,
                Fault.Kind.TRUNCATE_REQUEST}) {
            proxy.plan(FaultPlan.first(1, FaultPlan::isUpload, Fault.of(kind)));
            assertThatThrownBy(() -> viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content)))
                    .as(kind.toString()).isInstanceOf(IOException.class);
            assertThat(stored()).as(kind.toString()).isFalse();
        }
    }

    @Test
    void resetAfterForwardingStoresButFails() {
        proxy.plan(FaultPlan.first(1, FaultPlan::isUpload, Fault.of(Fault.Kind.RESET_AFTER_FORWARD)));
        assertThatThrownBy(() -> viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content)))
                .isInstanceOf(IOException.class);
        assertThat(stored()).isTrue();
    }

    @Test
    void truncatedDownloadDoesNotDeliverTheObject() throws IOException {
        direct.writeWalSegment(pos(0), new ByteArrayInputStream(content));
        proxy.plan(FaultPlan.first(1, FaultPlan::isDownload, Fault.of(Fault.Kind.TRUNCATE_RESPONSE)));
        byte[] got;
        try {
            got = read(viaProxy, pos(0));
        } catch (IOException cut) {
            got = new byte[0]; // an error is as good as a short body: the client did not get the object
        }
        assertThat(got).as(proxy::history).isNotEqualTo(content);
        assertThat(proxy.injected()).containsEntry("TRUNCATE_RESPONSE", 1);
        assertThat(read(viaProxy, pos(0))).isEqualTo(content);
    }

    @Test
    void slowAnswersStillArrive() throws IOException {
        proxy.plan(FaultPlan.first(2, r -> true, Fault.slowResponse(Duration.ofMillis(200))));
        long start = System.nanoTime();
        viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content));
        assertThat(viaProxy.walSegments(GEN)).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void outageResetsEverythingUntilItEnds() throws IOException {
        proxy.startOutage();
        assertThatThrownBy(() -> viaProxy.walSegments(GEN)).isInstanceOf(IOException.class);
        proxy.endOutage();
        assertThat(viaProxy.walSegments(GEN)).isEmpty();
        assertThat(proxy.injected()).containsKey("OUTAGE");
    }

    @Test
    void holdParksARequestUntilReleased() throws Exception {
        Hold hold = proxy.hold(FaultPlan::isUpload, Hold.Point.AFTER_FORWARD);
        Thread upload = new Thread(() -> {
            try {
                viaProxy.writeWalSegment(pos(0), new ByteArrayInputStream(content));
            } catch (IOException expected) {
                // the held connection is reset on release
            }
        });
        upload.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(hold::isParked);
        assertThat(stored()).as("stored before the client got an answer").isTrue();
        hold.release();
        upload.join(10_000);
        assertThat(upload.isAlive()).isFalse();
    }

    private static Pos pos(long offset) {
        return new Pos(GEN, 0, offset);
    }

    private boolean stored() {
        try (InputStream in = direct.openWalSegment(pos(0))) {
            return Arrays.equals(in.readAllBytes(), content);
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] read(S3ReplicaClient client, Pos pos) throws IOException {
        try (InputStream in = client.openWalSegment(pos)) {
            return in.readAllBytes();
        }
    }
}
