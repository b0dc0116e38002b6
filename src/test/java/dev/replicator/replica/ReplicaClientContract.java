package dev.replicator.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.testing.TestStreams;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ReplicaClient} backend must have. Subclasses provide a fresh, empty replica. */
public abstract class ReplicaClientContract {

    protected static final String GEN = "0123456789abcdef";
    protected static final String GEN2 = "fedcba9876543210";
    protected static final String GEN3 = "00000000000000aa";
    private static final int LARGE = 20 * 1024 * 1024;

    protected ReplicaClient client;

    /** A client for a fresh, empty replica; called before each test and closed after it. */
    protected abstract ReplicaClient newClient() throws Exception;

    /** Stores {@code content} under {@code key} (relative to the replica root) behind the client's back. */
    protected abstract void putRaw(String key, byte[] content) throws Exception;

    @BeforeEach
    void openClient() throws Exception {
        client = newClient();
    }

    @AfterEach
    void closeClient() throws Exception {
        client.close();
    }

    @Test
    void emptyReplicaListsNothing() throws IOException {
        assertThat(client.generations()).isEmpty();
        assertThat(client.snapshots(GEN)).isEmpty();
        assertThat(client.walSegments(GEN)).isEmpty();
    }

    @Test
    void snapshotRoundTrip() throws IOException {
        byte[] content = bytes("snapshot of the whole database");
        Instant before = Instant.now();

        SnapshotInfo written = client.writeSnapshot(GEN, 3, new ByteArrayInputStream(content));

        assertThat(written.generation()).isEqualTo(GEN);
        assertThat(written.index()).isEqualTo(3);
        assertThat(written.size()).isEqualTo(content.length);
        assertThat(written.createdAt()).isCloseTo(before, within(5, ChronoUnit.SECONDS));
        List<SnapshotInfo> listed = client.snapshots(GEN);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(written);
        assertThat(listed.get(0).createdAt()).isCloseTo(before, within(5, ChronoUnit.SECONDS));
        assertThat(readAll(client.openSnapshot(GEN, 3))).isEqualTo(content);
        assertThat(client.generations()).containsExactly(GEN);
    }

    @Test
    void walSegmentRoundTrip() throws IOException {
        byte[] content = bytes("frames up to a commit");
        Pos pos = new Pos(GEN, 1, 4152);
        Instant before = Instant.now();

        SegmentInfo written = client.writeWalSegment(pos, new ByteArrayInputStream(content));

        assertThat(written.pos()).isEqualTo(pos);
        assertThat(written.size()).isEqualTo(content.length);
        List<SegmentInfo> listed = client.walSegments(GEN);
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(written);
        assertThat(listed.get(0).createdAt()).isCloseTo(before, within(5, ChronoUnit.SECONDS));
        assertThat(readAll(client.openWalSegment(pos))).isEqualTo(content);
    }

    @Test
    void emptyObjectRoundTrip() throws IOException {
        Pos pos = new Pos(GEN, 0, 0);

        assertThat(client.writeWalSegment(pos, InputStream.nullInputStream()).size()).isZero();

        assertThat(client.walSegments(GEN)).singleElement().extracting(SegmentInfo::size).isEqualTo(0L);
        assertThat(readAll(client.openWalSegment(pos))).isEmpty();
    }

    @Test
    void overwriteReplacesContent() throws IOException {
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("first, longer version")));
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("second")));

        assertThat(client.snapshots(GEN)).singleElement().extracting(SnapshotInfo::size).isEqualTo(6L);
        assertThat(readAll(client.openSnapshot(GEN, 1))).isEqualTo(bytes("second"));
    }

    @Test
    void listingsAreSortedByIndexThenOffset() throws IOException {
        long[][] positions = {{0x10, 0}, {2, 4152}, {1, 0}, {2, 0}, {1, 0x2000}, {1, 32}, {0xffffffffL, 0}};
        for (long[] p : positions) {
            client.writeWalSegment(new Pos(GEN, p[0], p[1]), new ByteArrayInputStream(bytes(p[0] + ":" + p[1])));
        }
        for (long index : new long[] {0x10, 2, 0xa, 1}) {
            client.writeSnapshot(GEN, index, new ByteArrayInputStream(bytes("s" + index)));
        }

        assertThat(client.walSegments(GEN)).extracting(SegmentInfo::pos).containsExactly(
                new Pos(GEN, 1, 0), new Pos(GEN, 1, 32), new Pos(GEN, 1, 0x2000), new Pos(GEN, 2, 0),
                new Pos(GEN, 2, 4152), new Pos(GEN, 0x10, 0), new Pos(GEN, 0xffffffffL, 0));
        assertThat(client.snapshots(GEN)).extracting(SnapshotInfo::index).containsExactly(1L, 2L, 0xaL, 0x10L);
    }

    @Test
    void generationsAreListedSortedAndKeptApart() throws IOException {
        client.writeSnapshot(GEN2, 1, new ByteArrayInputStream(bytes("two")));
        client.writeWalSegment(new Pos(GEN, 1, 0), new ByteArrayInputStream(bytes("one")));
        client.writeSnapshot(GEN3, 5, new ByteArrayInputStream(bytes("three")));

        assertThat(client.generations()).containsExactly(GEN3, GEN, GEN2);
        assertThat(client.snapshots(GEN)).isEmpty();
        assertThat(client.walSegments(GEN)).hasSize(1);
        assertThat(client.snapshots(GEN2)).extracting(SnapshotInfo::index).containsExactly(1L);
        assertThat(client.walSegments(GEN2)).isEmpty();
    }

    @Test
    void deleteSnapshotRemovesOnlyThatSnapshot() throws IOException {
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("a")));
        client.writeSnapshot(GEN, 2, new ByteArrayInputStream(bytes("b")));

        client.deleteSnapshot(GEN, 1);
        client.deleteSnapshot(GEN, 7);

        assertThat(client.snapshots(GEN)).extracting(SnapshotInfo::index).containsExactly(2L);
        assertThatThrownBy(() -> client.openSnapshot(GEN, 1)).isInstanceOf(FileNotFoundException.class);
    }

    @Test
    void deleteWalSegmentsRemovesTheGivenBatch() throws IOException {
        for (int offset = 0; offset < 5; offset++) {
            client.writeWalSegment(new Pos(GEN, 1, offset * 100L), new ByteArrayInputStream(bytes("s" + offset)));
        }
        client.writeWalSegment(new Pos(GEN2, 1, 100), new ByteArrayInputStream(bytes("other generation")));

        client.deleteWalSegments(List.of(new Pos(GEN, 1, 0), new Pos(GEN, 1, 200), new Pos(GEN, 1, 400),
                new Pos(GEN, 9, 0)));
        client.deleteWalSegments(List.of());

        assertThat(client.walSegments(GEN)).extracting(SegmentInfo::offset).containsExactly(100L, 300L);
        assertThat(client.walSegments(GEN2)).hasSize(1);
    }

    @Test
    void deleteGenerationRemovesEverythingInIt() throws Exception {
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("a")));
        client.writeWalSegment(new Pos(GEN, 1, 0), new ByteArrayInputStream(bytes("b")));
        putRaw("generations/" + GEN + "/wal/notes.txt", bytes("stray"));
        client.writeSnapshot(GEN2, 1, new ByteArrayInputStream(bytes("kept")));

        client.deleteGeneration(GEN);
        client.deleteGeneration(GEN3);

        assertThat(client.generations()).containsExactly(GEN2);
        assertThat(client.snapshots(GEN)).isEmpty();
        assertThat(client.walSegments(GEN)).isEmpty();
        assertThat(client.snapshots(GEN2)).hasSize(1);
    }

    @Test
    void openingAMissingObjectNamesTheKey() {
        assertThatThrownBy(() -> client.openSnapshot(GEN, 0x2a))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(Keys.snapshot(GEN, 0x2a));
        Pos pos = new Pos(GEN, 2, 64);
        assertThatThrownBy(() -> client.openWalSegment(pos))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessageContaining(Keys.segment(pos));
    }

    @Test
    void largeObjectRoundTripsByteExact() throws IOException {
        String expected = TestStreams.sha256(TestStreams.random(42, LARGE + 12345));

        SnapshotInfo written = client.writeSnapshot(GEN, 1, TestStreams.random(42, LARGE + 12345));

        assertThat(written.size()).isEqualTo(LARGE + 12345);
        assertThat(client.snapshots(GEN)).singleElement().extracting(SnapshotInfo::size).isEqualTo(LARGE + 12345L);
        assertThat(TestStreams.sha256(client.openSnapshot(GEN, 1))).isEqualTo(expected);
    }

    @Test
    void failedSmallWriteLeavesNoObject() {
        InputStream failing = TestStreams.failingAfter(TestStreams.random(1, 1000), 500);

        assertThatThrownBy(() -> client.writeWalSegment(new Pos(GEN, 1, 0), failing)).isInstanceOf(IOException.class);

        assertNothingStored();
    }

    @Test
    void failedLargeWriteLeavesNoObject() {
        InputStream failing = TestStreams.failingAfter(TestStreams.random(1, LARGE), 12L * 1024 * 1024);

        assertThatThrownBy(() -> client.writeSnapshot(GEN, 1, failing)).isInstanceOf(IOException.class);

        assertNothingStored();
    }

    @Test
    void failedOverwriteKeepsThePreviousObject() throws IOException {
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("good")));
        InputStream failing = TestStreams.failingAfter(TestStreams.random(1, 1000), 500);

        assertThatThrownBy(() -> client.writeSnapshot(GEN, 1, failing)).isInstanceOf(IOException.class);

        assertThat(readAll(client.openSnapshot(GEN, 1))).isEqualTo(bytes("good"));
    }

    @Test
    void strayObjectsAreIgnored() throws Exception {
        client.writeSnapshot(GEN, 1, new ByteArrayInputStream(bytes("real")));
        client.writeWalSegment(new Pos(GEN, 1, 0), new ByteArrayInputStream(bytes("real")));
        putRaw("generations/" + GEN + "/snapshots/README", bytes("x"));
        putRaw("generations/" + GEN + "/snapshots/00000002.snapshot.lz4.tmp-1234abcd", bytes("x"));
        putRaw("generations/" + GEN + "/snapshots/0000000A.snapshot.lz4", bytes("x"));
        putRaw("generations/" + GEN + "/wal/00000001_00000010.wal", bytes("x"));
        putRaw("generations/" + GEN + "/wal/nested/00000001_00000020.wal.lz4", bytes("x"));
        putRaw("generations/not-a-generation/snapshots/00000001.snapshot.lz4", bytes("x"));
        putRaw("generations/0123456789ABCDEF/snapshots/00000001.snapshot.lz4", bytes("x"));
        putRaw("generations/.DS_Store", bytes("x"));

        assertThat(client.generations()).containsExactly(GEN);
        assertThat(client.snapshots(GEN)).extracting(SnapshotInfo::index).containsExactly(1L);
        assertThat(client.walSegments(GEN)).extracting(SegmentInfo::pos).containsExactly(new Pos(GEN, 1, 0));
    }

    @Test
    void databasesBelowAreTheReplicasUnderTheRootEachOnce() throws Exception {
        assertThat(client.databasesBelow()).isEmpty();
        ReplicaClient a = client.under("tenants/a.db");
        a.writeSnapshot(GEN, 0, new ByteArrayInputStream(bytes("a")));
        a.writeWalSegment(new Pos(GEN, 0, 0), new ByteArrayInputStream(bytes("a")));
        a.writeWalSegment(new Pos(GEN2, 3, 32), new ByteArrayInputStream(bytes("a")));
        client.under("b.db").writeWalSegment(new Pos(GEN, 0, 0), new ByteArrayInputStream(bytes("b")));
        client.under("deep/x/c.sqlite").writeSnapshot(GEN3, 1, new ByteArrayInputStream(bytes("c")));
        client.writeSnapshot(GEN, 0, new ByteArrayInputStream(bytes("the root's own replica")));
        putRaw("notes/generations/README", bytes("x"));
        putRaw("d.db/generations/" + GEN + "/snapshots/00000000.snapshot.lz4.tmp-1234abcd", bytes("x"));

        assertThat(client.databasesBelow()).containsExactly("b.db", "deep/x/c.sqlite", "tenants/a.db");
    }

    @Test
    void describesItself() {
        assertThat(client.type()).isIn("file", "s3", "sftp", "abs");
        assertThat(client.location()).isNotBlank();
    }

    private void assertNothingStored() {
        try {
            assertThat(client.generations()).isEmpty();
            assertThat(client.snapshots(GEN)).isEmpty();
            assertThat(client.walSegments(GEN)).isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }
}
