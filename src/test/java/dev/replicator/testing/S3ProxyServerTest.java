package dev.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.replica.s3.S3ReplicaClient;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyServerTest {

    @Test
    void filesystemStoreKeepsObjectsAsFiles(@TempDir Path dir) throws IOException {
        try (S3ProxyServer s3 = S3ProxyServer.start(dir);
             S3ReplicaClient client = new S3ReplicaClient(s3.location(s3.createBucket(), "db"))) {
            client.writeSnapshot("0123456789abcdef", 1, new ByteArrayInputStream(new byte[] {1, 2, 3}));

            assertThat(client.snapshots("0123456789abcdef")).hasSize(1);
            try (Stream<Path> files = Files.walk(dir)) {
                assertThat(files.map(Path::toString)).anyMatch(p -> p.endsWith("00000001.snapshot.lz4"));
            }
        }
    }
}
