package dev.replicator.e2e;

import dev.replicator.testing.AgeFiles;
import dev.replicator.testing.AgeKeyPair;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.DebianTools;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.Trees;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.replicator.testing.OneLineError.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * age encryption end to end: the built jar replicates one database to an encrypted S3 replica, an encrypted
 * directory replica and a plain S3 replica (the control), then restores with the right, wrong and missing keys.
 */
class EncryptionIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String MARKER = "MARKER-5b1e-plaintext-row";
    private static final AgeKeyPair A = AgeKeyPair.generate();
    private static final AgeKeyPair B = AgeKeyPair.generate();
    private static final AgeKeyPair STRANGER = AgeKeyPair.generate();

    @TempDir
    static Path shared;
    static Path source;
    static Path sealedDir;
    static Path identityFileA;
    static ProcessResult replicateRun;

    @TempDir
    Path dir;

    @BeforeAll
    static void replicateOnce() throws Exception {
        source = shared.resolve("source.db");
        sealedDir = shared.resolve("sealed");
        identityFileA = A.writeIdentityFile(shared.resolve("a.key"));
        S3.createBucket("sealed");
        S3.createBucket("plain");
        Path config = Files.writeString(shared.resolve("replicate.yml"), "dbs:\n"
                + "  - path: " + source + "\n"
                + "    monitor-interval: 50ms\n"
                + "    replicas:\n"
                + "      - name: sealed-s3\n"
                + "        url: " + s3Url("sealed") + "\n"
                + "        sync-interval: 50ms\n"
                + "        age:\n"
                + "          recipients: [" + A.recipient() + ", ${B_RECIPIENT}]\n"
                + "          identity-file: " + identityFileA + "\n"
                + "      - name: sealed-file\n"
                + "        url: " + sealedDir.toUri() + "\n"
                + "        sync-interval: 50ms\n"
                + "        age:\n"
                + "          recipients: [" + A.recipient() + ", " + B.recipient() + "]\n"
                + "          identities: [${B_IDENTITY}]\n"
                + "      - name: plain-s3\n"
                + "        url: " + s3Url("plain") + "\n"
                + "        sync-interval: 50ms\n");
        Map<String, String> env = new HashMap<>(s3Env());
        env.put("B_RECIPIENT", B.recipient());
        env.put("B_IDENTITY", B.identity());
        createTable(source);
        try (ManagedProcess replicate = ReplicatorProcess.start(env, "replicate", "-v", "-config", config.toString());
             Connection app = SqliteFiles.openWal(source)) {
            await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                    .until(() -> !Trees.filesEndingWith(sealedDir, ".snapshot.lz4").isEmpty());
            for (int batch = 0; batch < 4; batch++) {
                int before = Trees.filesEndingWith(sealedDir, ".wal.lz4").size();
                insertRows(app, batch * 100, 100);
                await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                        .until(() -> Trees.filesEndingWith(sealedDir, ".wal.lz4").size() > before);
            }
            assertThat(replicate.stop()).as(replicate::describe).isZero();
            replicateRun = new ProcessResult(0, replicate.stdout(), replicate.stderr());
        }
    }

    @Test
    void everyStoredObjectIsAnAgeFileWithoutPlaintext() throws IOException {
        Map<String, byte[]> sealed = s3Objects("sealed");
        assertThat(sealed.keySet()).anyMatch(k -> k.endsWith(".snapshot.lz4")).anyMatch(k -> k.endsWith(".wal.lz4"));
        for (Map.Entry<String, byte[]> o : sealed.entrySet()) {
            assertThat(new String(o.getValue(), 0, 22, StandardCharsets.US_ASCII)).as(o.getKey())
                    .isEqualTo("age-encryption.org/v1\n");
            assertThat(contains(o.getValue(), MARKER)).as("plaintext in %s", o.getKey()).isFalse();
            assertThat(contains(o.getValue(), "SQLite format 3")).as(o.getKey()).isFalse();
        }
        for (Path p : Trees.filesEndingWith(sealedDir, ".lz4")) {
            assertThat(contains(Files.readAllBytes(p), MARKER)).as("plaintext in %s", p).isFalse();
        }
        assertThat(s3Objects("plain").values()).as("the same search finds the marker in the plain replica")
                .anyMatch(bytes -> contains(bytes, MARKER));
    }

    @Test
    void restoresFromS3WithEitherRecipientsIdentity() throws Exception {
        Path configA = config("a.yml", s3Url("sealed"), "identity-file: " + identityFileA);
        ProcessResult a = restore(configA, dir.resolve("a.db"));
        assertThat(a.exitCode()).as(a.describe()).isZero();
        SqliteFiles.assertSameContent(source, dir.resolve("a.db"), "t");
        Path configB = config("b.yml", s3Url("sealed"), "identities: [" + B.identity() + "]");
        Files.setPosixFilePermissions(configB, PosixFilePermissions.fromString("rw-------"));
        ProcessResult b = restore(configB, dir.resolve("b.db"));
        assertThat(b.exitCode()).as(b.describe()).isZero();
        SqliteFiles.assertSameContent(source, dir.resolve("b.db"), "t");
        assertThat(b.stderr()).doesNotContain(B.identity()).doesNotContain("every user can read");
    }

    @Test
    void aReplicaUrlRestoresWithAnIdentityFileAndWithoutOneSaysSo() throws Exception {
        Path out = dir.resolve("out.db");
        ProcessResult noKey = ReplicatorProcess.run(RUN, s3Env(), "restore", "-o", out.toString(), s3Url("sealed"));
        assertOneLineError(noKey, 1, "cannot decrypt s3://sealed/app/generations/", "-identity-file FILE");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();

        ProcessResult r = ReplicatorProcess.run(RUN, s3Env(), "restore", "-identity-file", identityFileA.toString(),
                "-o", out.toString(), s3Url("sealed"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SqliteFiles.assertSameContent(source, out, "t");
        assertThat(r.stdout() + r.stderr()).doesNotContain(A.identity());

        ProcessResult wrongUse = ReplicatorProcess.run(RUN, s3Env(), "restore", "-identity-file",
                identityFileA.toString(), "-o", dir.resolve("x.db").toString(), source.toString());
        assertOneLineError(wrongUse, 2, "-identity-file is for a replica URL");
        ProcessResult missing = ReplicatorProcess.run(RUN, s3Env(), "restore", "-identity-file",
                dir.resolve("nope.key").toString(), "-o", dir.resolve("x.db").toString(), s3Url("sealed"));
        assertOneLineError(missing, 2, "-identity-file " + dir.resolve("nope.key") + ": age identity file",
                "does not exist");
        assertThat(dir.resolve("x.db")).doesNotExist();
    }

    @Test
    void withoutAnIdentityRestoreSaysWhichKeyIsNeededAndWritesNothing() throws Exception {
        Path config = config("none.yml", s3Url("sealed"), "recipients: [" + A.recipient() + "]");
        ProcessResult r = restore(config, dir.resolve("out.db"));
        String line = assertOneLineError(r, 1, "cannot decrypt s3://sealed/app/generations/", ".snapshot.lz4",
                "has no age identity", "age: identities:");
        assertThat(line).doesNotContain(A.identity());
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void aWrongIdentityIsNamedByItsPublicKeyAndWritesNothing() throws Exception {
        Path config = config("wrong.yml", s3Url("sealed"), "identities: [${STRANGER}]");
        ProcessResult r = ReplicatorProcess.run(RUN, env("STRANGER", STRANGER.identity()),
                "restore", "-config", config.toString(), "-o", dir.resolve("out.db").toString(), source.toString());
        String line = assertOneLineError(r, 1, "cannot decrypt s3://sealed/app/generations/", STRANGER.recipient());
        assertThat(r.stderr() + r.stdout()).doesNotContain(STRANGER.identity());
        assertThat(line).doesNotContain(STRANGER.identity());
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void aTamperedObjectFailsItsRestoreByName() throws Exception {
        Path replica = Trees.copy(sealedDir, dir.resolve("replica"));
        Path config = config("t.yml", replica.toUri().toString(), "identities: [${B_IDENTITY}]");
        Map<String, String> env = env("B_IDENTITY", B.identity());
        List<Path> segments = Trees.filesEndingWith(replica, ".wal.lz4");
        Path segment = segments.get(segments.size() - 1);
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 30] ^= 0x01;
        Files.write(segment, bytes);
        ProcessResult r = ReplicatorProcess.run(RUN, env, "restore", "-config", config.toString(),
                "-o", dir.resolve("out.db").toString(), source.toString());
        assertOneLineError(r, 1, "WAL segment " + segment, "is corrupt (age payload fails authentication");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();

        Path snapshot = Trees.filesEndingWith(replica, ".snapshot.lz4").get(0);
        bytes = Files.readAllBytes(snapshot);
        int mac = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\n--- ") + 6;
        bytes[mac] = (byte) (bytes[mac] == 'A' ? 'B' : 'A');
        Files.write(snapshot, bytes);
        r = ReplicatorProcess.run(RUN, env, "restore", "-config", config.toString(),
                "-o", dir.resolve("out.db").toString(), source.toString());
        assertOneLineError(r, 1, "snapshot " + snapshot, "is corrupt (age header fails authentication");
        assertThat(Trees.restoreLeftovers(dir.resolve("out.db"))).isEmpty();
    }

    @Test
    void ageAndLz4CliDecodeAStoredSegment() throws IOException {
        boolean sawMarker = false;
        for (Path segment : Trees.filesEndingWith(sealedDir, ".wal.lz4")) {
            Path lz4 = dir.resolve(segment.getFileName() + ".dec");
            Path wal = dir.resolve(segment.getFileName() + ".wal");
            DebianTools.run("age", "-d", "-i", identityFileA.toString(), "-o", lz4.toString(), segment.toString());
            DebianTools.run("lz4", "-d", "-q", lz4.toString(), wal.toString());
            byte[] bytes = Files.readAllBytes(wal);
            if (segment.getFileName().toString().endsWith("_00000000.wal.lz4")) {
                assertThat(Arrays.copyOf(bytes, 3)).as("WAL magic").isEqualTo(new byte[] {0x37, 0x7f, 0x06});
            }
            sawMarker |= contains(bytes, MARKER);
        }
        assertThat(sawMarker).isTrue();
    }

    @Test
    void keysAreNeverPrinted() throws Exception {
        for (String output : List.of(replicateRun.stdout(), replicateRun.stderr())) {
            assertThat(output).doesNotContain(A.identity()).doesNotContain(B.identity())
                    .doesNotContain(A.identity().substring(16, 40)).doesNotContain(B.identity().substring(16, 40));
        }
        assertThat(replicateRun.stderr()).contains("replica=sealed-s3 encrypts with age to 2 recipient(s); the "
                + "identities here decrypt 1 of them");
        Path config = config("listed.yml", s3Url("sealed"), "identities: [" + B.identity() + "]");
        ProcessResult listed = ReplicatorProcess.run(RUN, s3Env(), "databases", "-v", "-config", config.toString());
        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        assertThat(listed.stdout() + listed.stderr()).doesNotContain(B.identity());
    }

    @Test
    void aWorldReadableConfigWithASecretKeyGetsAWarning() throws Exception {
        Path config = config("open.yml", s3Url("sealed"), "identities: [" + B.identity() + "]");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        ProcessResult open = ReplicatorProcess.run(RUN, s3Env(), "databases", "-config", config.toString());
        assertThat(open.exitCode()).as(open.describe()).isZero();
        assertThat(open.stderr()).contains(" WARN ").contains("config file " + config + " holds an age identity "
                + "and every user can read it (rw-r--r--): run chmod o-r " + config).doesNotContain(B.identity());
        assertThat(open.stderr().lines().filter(l -> l.contains("WARN"))).hasSize(1);

        Path keyFile = B.writeIdentityFile(dir.resolve("b.key"));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        Path viaFile = config("file.yml", s3Url("sealed"), "identity-file: " + keyFile);
        ProcessResult fromFile = ReplicatorProcess.run(RUN, s3Env(), "databases", "-config", viaFile.toString());
        assertThat(fromFile.stderr()).contains("age identity file " + keyFile + " can be read by every user "
                + "(rw-r--r--): run chmod 600 " + keyFile);
    }

    @Test
    void plainGenerationsBeforeEnablingAndEncryptedOnesAfterBothRestore() throws Exception {
        Path db = dir.resolve("mixed.db");
        Path replica = dir.resolve("mixed-replica");
        createTable(db);
        Path plain = write("plain.yml", dbConfig(db, replica.toUri().toString(), null));
        Path sealed = write("sealed.yml", dbConfig(db, replica.toUri().toString(),
                "recipients: [" + A.recipient() + "]\n          identity-file: " + identityFileA));
        Path recipientsOnly = write("recipients.yml", dbConfig(db, replica.toUri().toString(),
                "recipients: [" + A.recipient() + "]"));
        try (Connection app = SqliteFiles.openWal(db)) {
            replicateWhile(plain, replica, () -> insertRows(app, 0, 50));
        } // the last connection closes: SQLite checkpoints and deletes the WAL, so the next run starts a generation
        Path stateBeforeEnabling = dir.resolve("before.db");
        Files.copy(db, stateBeforeEnabling);
        try (Connection app = SqliteFiles.openWal(db)) {
            replicateWhile(sealed, replica, () -> insertRows(app, 50, 50));
        }
        List<String> generations;
        try (Stream<Path> s = Files.list(replica.resolve("generations"))) {
            generations = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(generations).hasSize(2);

        ProcessResult latest = ReplicatorProcess.run(RUN, "restore", "-config", sealed.toString(),
                "-o", dir.resolve("latest.db").toString(), db.toString());
        assertThat(latest.exitCode()).as(latest.describe()).isZero();
        SqliteFiles.assertSameContent(db, dir.resolve("latest.db"), "t");

        String oldGeneration = Trees.filesEndingWith(replica, ".lz4").stream().filter(p -> !AgeFiles.sealed(p))
                .map(p -> replica.relativize(p).getName(1).toString()).findFirst().orElseThrow();
        ProcessResult old = ReplicatorProcess.run(RUN, "restore", "-config", sealed.toString(),
                "-generation", oldGeneration, "-o", dir.resolve("old.db").toString(), db.toString());
        assertThat(old.exitCode()).as(old.describe()).isZero();
        SqliteFiles.assertSameContent(stateBeforeEnabling, dir.resolve("old.db"), "t");

        ProcessResult noKey = ReplicatorProcess.run(RUN, "restore", "-config", recipientsOnly.toString(),
                "-o", dir.resolve("nokey.db").toString(), db.toString());
        assertOneLineError(noKey, 1, "cannot decrypt " + replica, "age: identities:");
        assertThat(dir.resolve("nokey.db")).doesNotExist();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    @FunctionalInterface
    private interface Writes {
        void run() throws Exception;
    }

    /** Runs replicate with {@code config} while {@code writes} commit, until the replica holds them; stops it. */
    private static void replicateWhile(Path config, Path replica, Writes writes) throws Exception {
        try (ManagedProcess replicate = ReplicatorProcess.start("replicate", "-config", config.toString())) {
            await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                    .until(() -> replicate.stderr().contains("snapshot written"));
            int before = Trees.filesEndingWith(replica, ".wal.lz4").size();
            writes.run();
            await().atMost(AWAIT).failFast(() -> !replicate.isAlive())
                    .until(() -> Trees.filesEndingWith(replica, ".wal.lz4").size() > before);
            assertThat(replicate.stop()).as(replicate::describe).isZero();
        }
    }

    private ProcessResult restore(Path config, Path out) {
        return ReplicatorProcess.run(RUN, s3Env(), "restore", "-config", config.toString(), "-o", out.toString(),
                source.toString());
    }

    /** A config naming the source database with one replica at {@code url} and the given age keys. */
    private Path config(String name, String url, String ageBody) throws IOException {
        return write(name, dbConfig(source, url, ageBody));
    }

    private static String dbConfig(Path db, String url, String ageBody) {
        return "dbs:\n  - path: " + db + "\n    monitor-interval: 50ms\n    replicas:\n      - url: " + url + "\n"
                + "        sync-interval: 50ms\n" + (ageBody == null ? "" : "        age:\n          " + ageBody + "\n");
    }

    private Path write(String name, String content) throws IOException {
        return ConfigFiles.writeOwnerOnly(dir.resolve(name), content);
    }

    private Map<String, String> env(String name, String value) {
        Map<String, String> env = new HashMap<>(s3Env());
        env.put(name, value);
        return env;
    }

    private static Map<String, String> s3Env() {
        return Map.of("AWS_ACCESS_KEY_ID", S3.accessKey(), "AWS_SECRET_ACCESS_KEY", S3.secretKey(),
                "AWS_REGION", S3.region());
    }

    private static String s3Url(String bucket) {
        return "s3://" + bucket + "/app?endpoint=" + S3.endpoint();
    }

    private static Map<String, byte[]> s3Objects(String bucket) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (S3Client client = S3.newClient()) {
            for (S3Object o : client.listObjectsV2(b -> b.bucket(bucket)).contents()) {
                out.put(o.key(), client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray());
            }
        }
        return out;
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }

    private static void createTable(Path db) throws SQLException {
        try (Connection c = SqliteFiles.openWal(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB, note TEXT)");
        }
    }

    private static void insertRows(Connection c, int from, int count) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t(id, payload, note) VALUES (?, "
                + "randomblob(300), ?)")) {
            for (int i = from; i < from + count; i++) {
                insert.setInt(1, i);
                insert.setString(2, MARKER + " " + i);
                insert.executeUpdate();
            }
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
