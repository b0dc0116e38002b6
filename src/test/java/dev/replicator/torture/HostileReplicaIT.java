package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.replica.Keys;
import dev.replicator.replica.Lz4;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.replica.Replica;
import dev.replicator.replicate.Replication;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.Trees;
import dev.replicator.wal.WalChecksum;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.replicator.testing.OneLineError.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile replica content at restore (rule R5, trap T7), the cases BadInputIT does not cover: a truncated snapshot, a
 * snapshot that is LZ4 but no database, an absurd page size in a snapshot or in a WAL header (with a valid header
 * checksum), a WAL header with a flipped bit, a segment of another generation copied in, a whole WAL index missing,
 * and a corrupt segment among many downloaded in parallel from S3. Each restore (the built jar) must exit 1 with one
 * line naming the object and leave nothing at the output path.
 */
class HostileReplicaIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final Duration RUN = Duration.ofSeconds(60);

    /** Two generations, the second (the latest) with at least three WAL indexes of several segments each. */
    @TempDir
    static Path shared;
    static Path source;
    static String older;
    static String latest;

    @TempDir
    Path dir;

    @BeforeAll
    static void replicateTwoGenerations() throws Exception {
        Path db = shared.resolve("app.db");
        source = shared.resolve("replica");
        FileReplicaClient client = new FileReplicaClient(source);
        writeGeneration(db, client, 60);
        older = client.generations().get(0);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next(); // the WAL emptied while nothing replicates: the next start is a new generation
        }
        writeGeneration(db, client, 400);
        latest = client.generations().stream().filter(g -> !g.equals(older)).findFirst().orElseThrow();
        assertThat(indexes(client, latest)).as("WAL indexes of %s", latest).hasSizeGreaterThanOrEqualTo(3);
    }

    private static void writeGeneration(Path db, FileReplicaClient client, int commits) throws Exception {
        Replication replication = InProcessReplication.start(new dev.replicator.db.DatabaseSettings(
                AppLoad.create(db), Duration.ofSeconds(1), 64, 400, Duration.ofHours(1)), client);
        try (AppLoad app = AppLoad.start(db, commits, 2, false)) {
            int start = app.commits();
            await().atMost(Duration.ofSeconds(60)).until(() -> app.commits() >= start + commits);
            app.stop();
            shipSeparately(db, InProcessReplication.replica(replication), 6);
            assertThat(replication.shutdown(Duration.ofSeconds(30))).isTrue();
        }
    }

    /**
     * Commits one row at a time and waits until each is uploaded, so that some WAL index holds at least three
     * segments however the app's burst above was split.
     */
    private static void shipSeparately(Path db, Replica replica, int commits) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS spaced(id INTEGER PRIMARY KEY)");
            for (int i = 0; i < commits; i++) {
                Optional<Pos> before = replica.database().position();
                s.execute("INSERT INTO spaced DEFAULT VALUES");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !replica.database().position().equals(before) && replica.caughtUp());
            }
        }
    }

    @Test
    void intactCopyRestores() throws Exception {
        Path replica = copy();
        Path out = dir.resolve("out.db");
        ProcessResult r = ReplicatorProcess.run(RUN, "restore", "-o", out.toString(), replica.toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(shared.resolve("app.db"), out, "t", "spaced");
    }

    @Test
    void truncatedSnapshot() throws Exception {
        Path replica = copy();
        Path snapshot = snapshot(replica, latest);
        byte[] bytes = Files.readAllBytes(snapshot);
        Files.write(snapshot, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertRestoreFails(replica, "snapshot " + snapshot + " is truncated");
    }

    @Test
    void snapshotThatIsNoDatabase() throws Exception {
        Path replica = copy();
        Path snapshot = snapshot(replica, latest);
        byte[] db = decompress(snapshot);
        Arrays.fill(db, 0, 16, (byte) 'x');
        Files.write(snapshot, compress(db));
        assertRestoreFails(replica, "snapshot " + snapshot + " is corrupt");
    }

    @Test
    void absurdPageSizeInTheSnapshot() throws Exception {
        Path replica = copy();
        Path snapshot = snapshot(replica, latest);
        byte[] db = decompress(snapshot);
        db[16] = 0;
        db[17] = 3; // page size 3
        Files.write(snapshot, compress(db));
        assertRestoreFails(replica, "snapshot " + snapshot + " is corrupt", "page size");
    }

    @Test
    void absurdPageSizeInAWalHeaderWithAValidChecksum() throws Exception {
        Path replica = copy();
        Path first = segment(replica, latest, 1, 0);
        byte[] wal = decompress(first);
        ByteBuffer.wrap(wal).putInt(8, 1 << 30);
        resealHeader(wal);
        Files.write(first, compress(wal));
        assertRestoreFails(replica, "WAL segment " + first + " is corrupt", "page size 1073741824");
    }

    @Test
    void otherPageSizeInAWalHeaderWithAValidChecksum() throws Exception {
        Path replica = copy();
        Path first = segment(replica, latest, 1, 0);
        byte[] wal = decompress(first);
        ByteBuffer.wrap(wal).putInt(8, 8192);
        resealHeader(wal);
        Files.write(first, compress(wal));
        assertRestoreFails(replica, "WAL segment " + first, "page size 8192");
    }

    @Test
    void flippedBitInAWalHeaderSalt() throws Exception {
        Path replica = copy();
        Path first = segment(replica, latest, 1, 0);
        byte[] wal = decompress(first);
        wal[17] ^= 0x04; // salt-1
        Files.write(first, compress(wal));
        assertRestoreFails(replica, "WAL segment " + first + " is corrupt");
    }

    @Test
    void segmentOfAnotherGenerationInTheMiddle() throws Exception {
        Path replica = copy();
        // The index with the most segments: how uploads split the indexes depends on the machine's speed.
        List<Path> segments = List.of();
        for (long index : indexes(new FileReplicaClient(replica), latest)) {
            List<Path> candidate = segments(replica, latest, index);
            if (candidate.size() > segments.size()) {
                segments = candidate;
            }
        }
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        Path victim = segments.get(1);
        Files.copy(segments(replica, older, 0).get(0), victim, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertRestoreFails(replica, "WAL segment " + victim);
    }

    @Test
    void segmentOfAnotherGenerationAppendedToTheLastIndex() throws Exception {
        Path replica = copy();
        List<Long> indexes = indexes(new FileReplicaClient(replica), latest);
        long last = indexes.get(indexes.size() - 1);
        List<Path> mine = segments(replica, latest, last);
        Path lastSegment = mine.get(mine.size() - 1);
        long end = offset(lastSegment) + decompress(lastSegment).length;
        Path foreign = replica.resolve(Keys.walDir(latest)).resolve(Keys.segmentName(last, end));
        Files.copy(segments(replica, older, 0).get(0), foreign);
        assertRestoreFails(replica, "WAL segment " + foreign);
    }

    @Test
    void missingWalIndex() throws Exception {
        Path replica = copy();
        for (Path s : segments(replica, latest, 1)) {
            Files.delete(s);
        }
        assertRestoreFails(replica, String.format("%s/%08x", latest, 1), "missing WAL index");
    }

    @Test
    void corruptSegmentAmongManyDownloadedInParallelFromS3() throws Exception {
        Path replica = copy();
        List<Path> segments = segments(replica, latest, 1);
        Path victim = segments.get(segments.size() / 2);
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= (byte) 0xFF;
        Files.write(victim, bytes);
        String bucket = S3.createBucket();
        try (Stream<Path> files = Files.walk(replica)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                S3.putObject(bucket, "app/" + replica.relativize(f), Files.readAllBytes(f));
            }
        }
        String url = "s3://" + bucket + "/app?endpoint=" + S3.endpoint() + "&forcePathStyle=true";
        Path out = dir.resolve("out.db");
        ProcessResult r = ReplicatorProcess.run(RUN, S3.credentialsEnv(), "restore", "-parallelism", "8",
                "-generation", latest, "-o", out.toString(), url);
        assertOneLineError(r, 1, "s3://" + bucket + "/app/" + replica.relativize(victim), "is corrupt");
        assertThat(Trees.restoreLeftovers(out)).as("nothing left at the output path").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertRestoreFails(Path replica, String... mustContain) throws IOException {
        Path out = dir.resolve("out.db");
        ProcessResult r = ReplicatorProcess.run(RUN, "restore", "-o", out.toString(), replica.toUri().toString());
        assertOneLineError(r, 1, mustContain);
        assertThat(Trees.restoreLeftovers(out)).as("nothing left at the output path").isEmpty();
    }

    private Path copy() throws IOException {
        return Trees.copy(source, dir.resolve("replica"));
    }

    private static Path snapshot(Path replica, String generation) throws IOException {
        long index = new FileReplicaClient(replica).snapshots(generation).get(0).index();
        return replica.resolve(Keys.snapshot(generation, index));
    }

    private static Path segment(Path replica, String generation, long index, long offset) {
        return replica.resolve(Keys.walDir(generation)).resolve(Keys.segmentName(index, offset));
    }

    private static List<Path> segments(Path replica, String generation, long index) throws IOException {
        return new FileReplicaClient(replica).walSegments(generation).stream().filter(s -> s.index() == index)
                .map(s -> segment(replica, generation, s.index(), s.offset())).toList();
    }

    private static List<Long> indexes(FileReplicaClient client, String generation) throws IOException {
        return client.walSegments(generation).stream().map(SegmentInfo::index).distinct().toList();
    }

    private static long offset(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(9, 17), 16);
    }

    /** Recomputes the WAL header checksum over its first 24 bytes, so only the edited field is wrong. */
    private static void resealHeader(byte[] wal) {
        ByteBuffer b = ByteBuffer.wrap(wal);
        boolean bigEndian = (b.getInt(0) & 1) == 1;
        long sum = WalChecksum.update(bigEndian, 0, wal, 0, 24);
        b.putInt(24, WalChecksum.first(sum));
        b.putInt(28, WalChecksum.second(sum));
    }

    private static byte[] decompress(Path lz4) throws IOException {
        try (InputStream in = Lz4.decompress(Files.newInputStream(lz4))) {
            return in.readAllBytes();
        }
    }

    private static byte[] compress(byte[] raw) throws IOException {
        try (InputStream in = Lz4.compress(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }
}
