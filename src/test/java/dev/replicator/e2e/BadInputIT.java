package dev.replicator.e2e;

import dev.replicator.replica.Lz4;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.Ports;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.Trees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import software.amazon.awssdk.services.s3.S3Client;

import static dev.replicator.testing.OneLineError.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad input, end to end: the built jar as a process, fed wrong configs, paths, endpoints, credentials, buckets and
 * damaged replicas. Every failure must exit with the documented code, say on ONE stderr line starting
 * "replicator: " what is wrong (the file, key, bucket, endpoint or object) and how to fix it, print no stack trace
 * unless -v, and leave the database, the replica and the restore output exactly as they were.
 */
class BadInputIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration AWAIT = Duration.ofSeconds(30);
    /** A real replica, made once by replicate while rows were written, copied by each restore case. */
    @TempDir
    static Path shared;
    static Path sourceDb;
    static Path sourceReplica;

    @TempDir
    Path dir;

    @BeforeAll
    static void replicateOnce() throws Exception {
        sourceDb = shared.resolve("source.db");
        sourceReplica = shared.resolve("replica");
        createTable(sourceDb);
        Path config = shared.resolve("replicator.yml");
        // Short intervals so each batch below becomes its own WAL segment within a fraction of a second.
        Files.writeString(config, "dbs:\n"
                + "  - path: " + sourceDb + "\n"
                + "    monitor-interval: 50ms\n"
                + "    replicas:\n"
                + "      - url: " + sourceReplica.toUri() + "\n"
                + "        sync-interval: 50ms\n");
        try (ManagedProcess replicate = ReplicatorProcess.start("replicate", "-config", config.toString());
             Connection app = SqliteFiles.openWal(sourceDb)) {
            await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                    .until(() -> !Trees.filesEndingWith(sourceReplica, ".snapshot.lz4").isEmpty());
            for (int batch = 0; batch < 5; batch++) {
                int before = Trees.filesEndingWith(sourceReplica, ".wal.lz4").size();
                insertRows(app, batch * 100, 100);
                await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                        .until(() -> Trees.filesEndingWith(sourceReplica, ".wal.lz4").size() > before);
            }
            assertThat(replicate.stop()).as(replicate::describe).isZero();
        }
        assertThat(segmentsInOneIndex()).as("segments of index 0 in %s", sourceReplica).hasSizeGreaterThanOrEqualTo(4);
    }

    // ---------------------------------------------------------------- replicate: config and usage errors (exit 2)

    @Test
    void replicateMissingConfigFile() throws Exception {
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", "/nonexistent/replicator.yml");
        assertOneLineError(r, 2, "/nonexistent/replicator.yml", "not found", "-config");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateMalformedYaml() throws Exception {
        Path db = existingDb();
        Path config = write("bad.yml", "dbs:\n  - path: " + db + "\n   replicas: [\n");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 2, config.toString(), "line 3", "YAML", "indentation");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateUnknownKeyIsNamedWithItsPath() throws Exception {
        Path db = existingDb();
        Path config = write("typo.yml", "dbs:\n  - path: " + db + "\n    replicas:\n"
                + "      - url: " + dir.resolve("replica").toUri() + "\n        retension: 24h\n");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 2, config.toString(), "line 5", "dbs[0].replicas[0].retension", "'retention'");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateDbWithoutReplicas() throws Exception {
        Path db = existingDb();
        Path config = write("norep.yml", "dbs:\n  - path: " + db + "\n");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 2, config.toString(), "dbs[0]", "no replicas", "add replicas:");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateUnsetEnvironmentVariable() throws Exception {
        Path db = existingDb();
        Path config = write("env.yml", "dbs:\n  - path: " + db + "\n    replicas:\n"
                + "      - url: s3://${REPLICATOR_IT_UNSET_BUCKET}/app\n");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 2, config.toString(), "line 4", "REPLICATOR_IT_UNSET_BUCKET", "is not set",
                "${REPLICATOR_IT_UNSET_BUCKET:-default}");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateDirAndPathTogether() throws Exception {
        Path db = existingDb();
        Path config = write("both.yml", "dbs:\n  - dir: " + dir + "\n    path: " + db + "\n    replicas:\n"
                + "      - url: " + dir.resolve("replica").toUri() + "\n");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 2, config.toString(), "line 3", "dbs[0]: path and dir both say what to replicate",
                "keep path: for one database, or dir:");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateDirOptionWithoutDir() throws Exception {
        Path config = write("nodir.yml", "dbs:\n  - pattern: '*.db'\n    recursive: true\n    replicas:\n"
                + "      - url: " + dir.resolve("replica").toUri() + "\n");
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 2, config.toString(), "line 2", "dbs[0].pattern applies to dir: entries only");
    }

    // ------------------------------------------------------------------------ replicate: runtime failures (exit 1)

    @Test
    void replicateMissingDirIsAClearErrorAndCreatesNothing() throws Exception {
        Path missing = dir.resolve("no-such-dir");
        Path config = write("missingdir.yml", "dbs:\n  - dir: " + missing + "\n    replicas:\n"
                + "      - url: " + dir.resolve("replica").toUri() + "\n");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", "-config", config.toString());
        assertOneLineError(r, 1, missing.toString(), "dir does not exist: create it, or fix dir in the config");
        assertThat(Trees.fingerprint(dir)).isEqualTo(before);
    }

    @Test
    void replicateMissingDatabaseIsNotCreated() throws Exception {
        Path db = dir.resolve("missing.db");
        Path replica = dir.resolve("replica");
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run("replicate", db.toString(), replica.toUri().toString());
        assertOneLineError(r, 1, db.toString(), "does not exist", "fix 'path'");
        assertThat(Trees.fingerprint(dir)).as("no database, state directory or replica created").isEqualTo(before);
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path db = dir.resolve("missing.db");
        ProcessResult r = run("replicate", "-v", db.toString(), dir.resolve("replica").toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).as(r.describe())
                .contains("replicator: " + db + ": database does not exist")
                .contains("NoSuchFileException")
                .containsPattern("\n\\s+at dev\\.replicator\\.");
        assertThat(Files.exists(db)).isFalse();
    }

    @Test
    void replicateUnreachableEndpointFailsFast() throws Exception {
        Path db = existingDb();
        String endpoint = "http://127.0.0.1:" + Ports.freePort();
        Map<String, String> before = Trees.fingerprint(dir);
        long start = System.nanoTime();
        ProcessResult r = run(s3Env(S3.accessKey(), S3.secretKey()),
                "replicate", db.toString(), "s3://some-bucket/app?endpoint=" + endpoint);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertOneLineError(r, 1, endpoint, "cannot reach", "check 'endpoint'");
        assertThat(took).as("time to give up on %s", endpoint).isLessThan(Duration.ofSeconds(10));
        assertThat(Trees.fingerprint(dir)).as("database and its directory untouched").isEqualTo(before);
    }

    @Test
    void replicateWrongCredentials() throws Exception {
        String bucket = S3.createBucket();
        Path db = existingDb();
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run(s3Env(S3.accessKey(), "not-the-secret"), "replicate", db.toString(), s3Url(bucket));
        assertOneLineError(r, 1, "s3://" + bucket, "access denied", "secret-access-key");
        assertThat(Trees.fingerprint(dir)).as("database and its directory untouched").isEqualTo(before);
        assertThat(objects(bucket)).isEmpty();
    }

    @Test
    void replicateMissingBucket() throws Exception {
        Path db = existingDb();
        Map<String, String> before = Trees.fingerprint(dir);
        ProcessResult r = run(s3Env(S3.accessKey(), S3.secretKey()),
                "replicate", db.toString(), s3Url("no-such-bucket"));
        assertOneLineError(r, 1, "s3://no-such-bucket", "bucket does not exist", "create it");
        assertThat(Trees.fingerprint(dir)).as("database and its directory untouched").isEqualTo(before);
        try (S3Client client = S3.newClient()) {
            assertThat(client.listBuckets().buckets()).noneMatch(b -> b.name().equals("no-such-bucket"));
        }
    }

    /**
     * A rollback-journal database is switched to WAL (as Litestream does) with a warning, then replicated like any
     * other: replication needs the WAL, and the switch is persistent and harmless to the app.
     */
    @Test
    void rollbackJournalDatabaseIsSwitchedToWalAndReplicated() throws Exception {
        Path db = dir.resolve("journal.db");
        Path replica = dir.resolve("replica");
        try (Connection c = SqliteFiles.open(touch(db)); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=DELETE");
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, payload BLOB, note TEXT)");
        }
        try (Connection c = SqliteFiles.open(db)) {
            insertRows(c, 0, 100);
            assertThat(journalMode(c)).isEqualTo("delete");
        }
        try (ManagedProcess replicate = ReplicatorProcess.start("replicate", db.toString(),
                replica.toUri().toString())) {
            await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                    .until(() -> !Trees.filesEndingWith(replica, ".snapshot.lz4").isEmpty());
            try (Connection c = SqliteFiles.open(db)) {
                assertThat(journalMode(c)).isEqualTo("wal");
                insertRows(c, 100, 200);
            }
            assertThat(replicate.stop()).as(replicate::describe).isZero();
            assertThat(replicate.stderr()).as(replicate::describe)
                    .containsPattern("WARN .*journal_mode=delete; switched it to WAL")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        Path out = dir.resolve("restored.db");
        ProcessResult r = run("restore", "-o", out.toString(), replica.toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(db, out, "t");
        assertThat(rowCount(out)).isEqualTo(300);
    }

    // ----------------------------------------------------------------------------------------------- restore

    @Test
    void restoreRefusesExistingOutput() throws Exception {
        Path out = write("out.db", "precious, not a database");
        byte[] before = Files.readAllBytes(out);
        ProcessResult r = run("restore", "-o", out.toString(), sourceReplica.toUri().toString());
        assertOneLineError(r, 1, out.toString(), "already exists", "-if-db-not-exists");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).containsExactly("out.db");
    }

    @Test
    void restoreIfDbNotExistsSkipsExistingOutput() throws Exception {
        Path out = write("out.db", "precious, not a database");
        byte[] before = Files.readAllBytes(out);
        ProcessResult r = run("restore", "-if-db-not-exists", "-o", out.toString(), sourceReplica.toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).containsExactly("out.db");
    }

    @Test
    void restoreFromEmptyDirectory() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path out = dir.resolve("out.db");
        ProcessResult r = run("restore", "-o", out.toString(), empty.toUri().toString());
        assertOneLineError(r, 1, empty.toString(), "no backup", "-if-replica-exists");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();

        r = run("restore", "-if-replica-exists", "-o", out.toString(), empty.toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void restoreFromEmptyBucket() throws Exception {
        String bucket = S3.createBucket();
        Path out = dir.resolve("out.db");
        Map<String, String> env = s3Env(S3.accessKey(), S3.secretKey());
        ProcessResult r = run(env, "restore", "-o", out.toString(), s3Url(bucket));
        assertOneLineError(r, 1, "s3://" + bucket + "/app", "no backup", "-if-replica-exists");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();

        r = run(env, "restore", "-if-replica-exists", "-o", out.toString(), s3Url(bucket));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void restoreOfTheIntactReplicaWorks() throws Exception {
        // The baseline for the damaged-replica cases below: the same copy, undamaged, restores fine.
        Path replica = copyOfReplica();
        Path out = dir.resolve("out.db");
        ProcessResult r = run("restore", "-o", out.toString(), replica.toUri().toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(sourceDb, out, "t");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).containsExactly("out.db");
    }

    @Test
    void restoreCorruptWalSegment() throws Exception {
        Path replica = copyOfReplica();
        Path segment = middleSegment(replica);
        byte[] bytes = Files.readAllBytes(segment);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
            bytes[i] ^= (byte) 0xFF;
        }
        Files.write(segment, bytes);
        assertRestoreFailsNaming(replica, "WAL segment " + segment + " is corrupt", "-timestamp");
    }

    @Test
    void restoreTruncatedWalSegment() throws Exception {
        Path replica = copyOfReplica();
        Path segment = middleSegment(replica);
        byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertRestoreFailsNaming(replica, "WAL segment " + segment + " is truncated", "-timestamp");
    }

    @Test
    void restoreWalSegmentWithBadChecksumsInsideValidLz4() throws Exception {
        // The LZ4 frame is fine, the WAL frames in it are not: only the WAL checksums can tell.
        Path replica = copyOfReplica();
        Path segment = middleSegment(replica);
        byte[] wal;
        try (InputStream in = Lz4.decompress(Files.newInputStream(segment))) {
            wal = in.readAllBytes();
        }
        wal[wal.length / 2] ^= 0x01;
        try (InputStream in = Lz4.compress(new ByteArrayInputStream(wal))) {
            Files.write(segment, in.readAllBytes());
        }
        assertRestoreFailsNaming(replica, "WAL segment " + segment + " is corrupt (checksum mismatch", "-timestamp");
    }

    @Test
    void restoreCorruptSnapshot() throws Exception {
        Path replica = copyOfReplica();
        Path snapshot = Trees.filesEndingWith(replica, ".snapshot.lz4").get(0);
        byte[] bytes = Files.readAllBytes(snapshot);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 8; i++) {
            bytes[i] ^= (byte) 0xFF;
        }
        Files.write(snapshot, bytes);
        assertRestoreFailsNaming(replica, "snapshot " + snapshot + " is corrupt", "-generation");
    }

    @Test
    void restoreWithMissingSegmentNamesTheGap() throws Exception {
        Path replica = copyOfReplica();
        List<Path> segments = segmentsIn(replica);
        int middle = segments.size() / 2;
        Path missing = segments.get(middle);
        String next = segments.get(middle + 1).getFileName().toString();
        Files.delete(missing);
        // "the replica has a gap in WAL index GEN/00000000 from offset 0001a290 to 000263b0: segment
        // REPLICA/generations/GEN/wal/00000000_0001a290.wal.lz4 is missing; restore to an earlier point ..."
        assertRestoreFailsNaming(replica, "gap", "from offset " + offsetOf(missing) + " to " + offsetOf(next),
                missing + " is missing", "-timestamp");
    }

    @Test
    void restoreIndexWithoutGeneration() throws Exception {
        ProcessResult r = run("restore", "-index", "00000001", "-o", dir.resolve("out.db").toString(),
                sourceReplica.toUri().toString());
        assertOneLineError(r, 2, "-index", "-generation");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void restoreBadTimestamp() throws Exception {
        ProcessResult r = run("restore", "-timestamp", "yesterday", "-o", dir.resolve("out.db").toString(),
                sourceReplica.toUri().toString());
        assertOneLineError(r, 2, "-timestamp yesterday", "RFC 3339", "2026-03-01T12:00:00Z");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void restoreFromUrlWithoutOutput() throws Exception {
        Map<String, String> before = Trees.fingerprint(shared);
        ProcessResult r = run("restore", sourceReplica.toUri().toString());
        assertOneLineError(r, 2, "replica URL", "-o OUT");
        assertThat(Trees.fingerprint(shared)).isEqualTo(before);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void assertRestoreFailsNaming(Path replica, String... mustContain) throws IOException {
        Map<String, String> replicaBefore = Trees.fingerprint(replica);
        Path out = dir.resolve("out.db");
        ProcessResult r = run("restore", "-o", out.toString(), replica.toUri().toString());
        assertOneLineError(r, 1, mustContain);
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).as("no OUT, OUT.tmp, OUT.tmp-wal left").isEmpty();
        assertThat(Trees.fingerprint(replica)).as("replica left as it was").isEqualTo(replicaBefore);
    }

    private static ProcessResult run(String... args) {
        return ReplicatorProcess.run(RUN, args);
    }

    private static ProcessResult run(Map<String, String> env, String... args) {
        return ReplicatorProcess.run(RUN, env, args);
    }

    private static Map<String, String> s3Env(String accessKey, String secretKey) {
        return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey,
                "AWS_REGION", S3.region());
    }

    private static String s3Url(String bucket) {
        return "s3://" + bucket + "/app?endpoint=" + S3.endpoint();
    }

    private static List<String> objects(String bucket) {
        try (S3Client client = S3.newClient()) {
            return client.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
        }
    }

    /** A WAL database with a few rows, closed (so no -wal or -shm is left). */
    private Path existingDb() throws SQLException {
        Path db = dir.resolve("app.db");
        createTable(db);
        try (Connection c = SqliteFiles.openWal(db)) {
            insertRows(c, 0, 10);
        }
        return db;
    }

    private static void createTable(Path db) throws SQLException {
        try (Connection c = SqliteFiles.openWal(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB, note TEXT)");
        }
    }

    private static void insertRows(Connection c, int from, int count) throws SQLException {
        Random random = new Random(from);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t(id, payload, note) VALUES (?, ?, ?)")) {
            for (int i = from; i < from + count; i++) {
                byte[] payload = new byte[200 + random.nextInt(300)];
                random.nextBytes(payload);
                insert.setInt(1, i);
                insert.setBytes(2, payload);
                insert.setString(3, "row " + i);
                insert.executeUpdate();
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String journalMode(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long rowCount(Path db) throws SQLException {
        try (Connection c = SqliteFiles.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static Path touch(Path file) throws IOException {
        Files.createFile(file);
        return file;
    }

    private Path copyOfReplica() throws IOException {
        return Trees.copy(sourceReplica, dir.resolve("replica"));
    }

    /** Segments of the first WAL index that has at least three, in offset order. */
    private static List<Path> segmentsInOneIndex() throws IOException {
        Map<String, List<Path>> byIndex = Trees.filesEndingWith(sourceReplica, ".wal.lz4").stream()
                .collect(Collectors.groupingBy(p -> p.getFileName().toString().substring(0, 8), TreeMap::new,
                        Collectors.toList()));
        return byIndex.values().stream().filter(l -> l.size() >= 3).findFirst().orElse(List.of());
    }

    /** The segments in {@code replica} of the index found by {@link #segmentsInOneIndex()}. */
    private static List<Path> segmentsIn(Path replica) throws IOException {
        return segmentsInOneIndex().stream().map(p -> replica.resolve(sourceReplica.relativize(p).toString())).toList();
    }

    /** In {@code replica}, a segment with segments of its index both before and after it. */
    private static Path middleSegment(Path replica) throws IOException {
        List<Path> segments = segmentsIn(replica);
        return segments.get(segments.size() / 2);
    }

    /** The hex offset in a segment's name, {@code IIIIIIII_OOOOOOOO.wal.lz4}. */
    private static String offsetOf(Object segment) {
        String name = segment instanceof Path p ? p.getFileName().toString() : segment.toString();
        return name.substring(9, 17);
    }
}
