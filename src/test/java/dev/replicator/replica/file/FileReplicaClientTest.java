package dev.replicator.replica.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaClientContract;
import dev.replicator.testing.TestStreams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplicaClientTest extends ReplicaClientContract {

    @TempDir
    Path dir;

    private Path root() {
        return dir.resolve("replica");
    }

    @Override
    protected ReplicaClient newClient() {
        return new FileReplicaClient(root());
    }

    @Override
    protected void putRaw(String key, byte[] content) throws IOException {
        Path file = root().resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    @Test
    void storesObjectsAtTheirLitestreamPaths() throws IOException {
        Pos pos = new Pos(GEN, 0x1f, 4152);

        client.writeWalSegment(pos, new ByteArrayInputStream(bytes("wal")));
        client.writeSnapshot(GEN, 0x1f, new ByteArrayInputStream(bytes("db")));

        assertThat(root().resolve("generations/" + GEN + "/wal/0000001f_00001038.wal.lz4")).hasContent("wal");
        assertThat(root().resolve("generations/" + GEN + "/snapshots/0000001f.snapshot.lz4")).hasContent("db");
        assertThat(client.location()).isEqualTo(root().toString());
    }

    @Test
    void createdAtIsTheFileModificationTime() throws IOException {
        Pos pos = new Pos(GEN, 1, 0);
        SegmentInfo written = client.writeWalSegment(pos, new ByteArrayInputStream(bytes("wal")));
        Path file = root().resolve(Keys.segment(pos));
        assertThat(written.createdAt()).isEqualTo(Files.getLastModifiedTime(file).toInstant());

        Instant past = Instant.parse("2024-01-02T03:04:05Z");
        Files.setLastModifiedTime(file, FileTime.from(past));

        assertThat(client.walSegments(GEN)).singleElement().extracting(SegmentInfo::createdAt).isEqualTo(past);
    }

    @Test
    void failedWriteLeavesNoTemporaryFile() throws IOException {
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("ok")));

        assertThatThrownBy(() -> client.writeSnapshot(GEN, 2,
                TestStreams.failingAfter(TestStreams.random(7, 100_000), 50_000))).isInstanceOf(IOException.class);

        try (Stream<Path> files = Files.list(root().resolve(Keys.snapshotsDir(GEN)))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("00000001.snapshot.lz4");
        }
    }

    @Test
    void generationHoldingOnlyTemporaryFilesIsNotListed() throws IOException {
        putRaw("generations/" + GEN + "/snapshots/00000001.snapshot.lz4.tmp-0badf00d", bytes("partial"));
        Files.createDirectories(root().resolve("generations/" + GEN2 + "/wal"));

        assertThat(client.generations()).isEmpty();
    }

    @Test
    void missingRootIsAnEmptyReplica() throws IOException {
        try (ReplicaClient missing = new FileReplicaClient(dir.resolve("does/not/exist"))) {
            assertThat(missing.generations()).isEmpty();
            assertThat(missing.snapshots(GEN)).isEmpty();
            missing.deleteGeneration(GEN);
        }
    }
}
