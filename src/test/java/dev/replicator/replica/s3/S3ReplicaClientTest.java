package dev.replicator.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.Pos;
import dev.replicator.config.S3Settings;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaClientContract;
import dev.replicator.replica.ReplicaException;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.TestStreams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ReplicaClientTest extends ReplicaClientContract {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final String PREFIX = "backups/app.db";

    private S3Client raw;
    private String bucket;

    @BeforeEach
    void openRawClient() {
        raw = S3.newClient();
    }

    @AfterEach
    void closeRawClient() {
        raw.close();
    }

    @Override
    protected ReplicaClient newClient() {
        bucket = S3.createBucket();
        return new S3ReplicaClient(location(bucket, PREFIX, S3.secretKey()));
    }

    @Override
    protected void putRaw(String key, byte[] content) {
        raw.putObject(b -> b.bucket(bucket).key(PREFIX + "/" + key), RequestBody.fromBytes(content));
    }

    private static S3Settings location(String bucket, String prefix, String secret) {
        return new S3Settings(bucket, prefix, Optional.of(S3.endpoint().toString()), Optional.empty(), true, false,
                Optional.of(S3.accessKey()), Optional.of(secret));
    }

    @Test
    void keysAreLitestreamPathsUnderThePrefix() throws IOException {
        client.writeWalSegment(new Pos(GEN, 0x1f, 4152), new ByteArrayInputStream(bytes("wal")));
        client.writeSnapshot(GEN, 0x1f, new ByteArrayInputStream(bytes("db")));

        assertThat(keys(bucket)).containsExactly(
                PREFIX + "/generations/" + GEN + "/snapshots/0000001f.snapshot.lz4",
                PREFIX + "/generations/" + GEN + "/wal/0000001f_00001038.wal.lz4");
        assertThat(client.location()).isEqualTo("s3://" + bucket + "/" + PREFIX);
    }

    @Test
    void emptyPrefixPutsKeysAtTheBucketRoot() throws IOException {
        String other = S3.createBucket();
        try (ReplicaClient atRoot = new S3ReplicaClient(location(other, "/", S3.secretKey()))) {
            atRoot.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("db")));

            assertThat(keys(other)).containsExactly("generations/" + GEN + "/snapshots/00000001.snapshot.lz4");
            assertThat(atRoot.generations()).containsExactly(GEN);
            assertThat(atRoot.location()).isEqualTo("s3://" + other);
        }
    }

    @Test
    void largeObjectsAreUploadedInParts() throws IOException {
        client.writeSnapshot(GEN, 1, TestStreams.random(3, 2L * S3Uploader.PART_SIZE + 1));

        String etag = raw.headObject(b -> b.bucket(bucket).key(PREFIX + "/generations/" + GEN
                + "/snapshots/00000001.snapshot.lz4")).eTag();
        assertThat(etag).endsWith("-3\"");
    }

    @Test
    void failedMultipartUploadIsAborted() {
        InputStream failing = TestStreams.failingAfter(TestStreams.random(5, 3L * S3Uploader.PART_SIZE),
                S3Uploader.PART_SIZE + 100);

        assertThatThrownBy(() -> client.writeSnapshot(GEN, 1, failing)).isInstanceOf(IOException.class);

        assertThat(raw.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void deletesMoreThanOneBatch() throws IOException {
        List<Pos> positions = new ArrayList<>();
        for (int i = 0; i < 1003; i++) {
            positions.add(new Pos(GEN, 1, i));
        }
        // straight into the store: a thousand PUTs over HTTP would take S3Proxy over ten seconds
        positions.forEach(p -> S3.putObject(bucket, PREFIX + "/" + Keys.segment(p), new byte[1]));

        client.deleteWalSegments(positions.subList(0, 1002));

        assertThat(client.walSegments(GEN)).extracting(s -> s.pos()).containsExactly(new Pos(GEN, 1, 1002));
    }

    @Test
    void wrongSecretNamesTheCredentials() {
        String wrongSecret = "definitely-not-the-secret";
        try (S3ReplicaClient wrong = new S3ReplicaClient(location(bucket, PREFIX, wrongSecret))) {
            assertThatThrownBy(wrong::generations)
                    .isInstanceOf(ReplicaException.class)
                    .hasMessageStartingWith("s3://" + bucket + ": access denied (403 ")
                    .hasMessageEndingWith(": check access-key-id and secret-access-key")
                    .hasMessageNotContaining(wrongSecret)
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> wrong.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("x"))))
                    .isInstanceOf(ReplicaException.class)
                    .hasMessageContaining("check access-key-id and secret-access-key");
        }
    }

    @Test
    void missingBucketIsNamed() {
        try (S3ReplicaClient missing = new S3ReplicaClient(location("no-such-bucket", PREFIX, S3.secretKey()))) {
            assertThatThrownBy(() -> missing.walSegments(GEN))
                    .isInstanceOf(ReplicaException.class)
                    .hasMessage("s3://no-such-bucket/" + PREFIX + ": bucket does not exist: create it or fix 'bucket'");
        }
    }

    @Test
    void unreachableEndpointFailsFastWithAConnectionMessage() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        S3Settings nowhere = new S3Settings("bucket", PREFIX, Optional.of(endpoint), Optional.empty(), true, false,
                Optional.of("key"), Optional.of("secret"));
        long start = System.nanoTime();
        try (ReplicaClient unreachable = new S3ReplicaClient(nowhere)) {
            assertThatThrownBy(unreachable::generations)
                    .isInstanceOf(ReplicaException.class)
                    .hasMessage("cannot reach endpoint " + endpoint + ": connection refused: check 'endpoint'");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void locationNeverShowsTheSecret() {
        S3Settings location = location(bucket, PREFIX, "super-secret-value");

        assertThat(location.toString()).doesNotContain("super-secret-value");
        try (S3ReplicaClient c = new S3ReplicaClient(location)) {
            assertThat(c.toString()).doesNotContain("super-secret-value");
        }
    }

    private List<String> keys(String bucketName) {
        return raw.listObjectsV2Paginator(b -> b.bucket(bucketName)).contents().stream().map(S3Object::key).toList();
    }
}
