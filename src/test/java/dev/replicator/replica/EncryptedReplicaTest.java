package dev.replicator.replica;

import dev.replicator.db.Database;
import dev.replicator.db.DatabaseSettings;
import dev.replicator.replica.file.FileReplicaClient;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.Progress;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;
import dev.replicator.testing.AgeFiles;
import dev.replicator.testing.AgeKeyPair;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica with age keys, in process: what it uploads, how it restarts when its keys change, how it restores. */
class EncryptedReplicaTest {

    private static final AgeKeyPair KEY = AgeKeyPair.generate();
    private static final Codec BOTH = Codec.age(List.of(KEY.recipient()), List.of(KEY.identity()));
    private static final Codec RECIPIENT_ONLY = Codec.age(List.of(KEY.recipient()), List.of());

    @TempDir
    Path dir;
    Path db;
    Path replicaDir;
    FileReplicaClient client;
    Connection app;
    final List<Database> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws SQLException {
        db = dir.resolve("app.db");
        replicaDir = dir.resolve("replica");
        client = new FileReplicaClient(replicaDir);
        app = DriverManager.getConnection("jdbc:sqlite:" + db);
        SqliteFiles.exec(app, "PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=5000",
                "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
    }

    @AfterEach
    void tearDown() throws SQLException {
        opened.forEach(Database::close);
        app.close();
    }

    /** Opens the database, writes a row, and syncs it to a replica with {@code codec}; releases the database. */
    private void runOnce(Codec codec) throws Exception {
        Database d = new Database(new DatabaseSettings(db, Duration.ofSeconds(1), 100000, 200000,
                Duration.ofHours(1)), Clock.systemUTC());
        d.open();
        opened.add(d);
        SqliteFiles.exec(app, "INSERT INTO t(v) VALUES (randomblob(3000))");
        d.sync();
        new Replica("file", d, client, codec).sync();
        d.release();
    }

    private Path restore(Codec codec, String name) throws Exception {
        Path out = dir.resolve(name);
        new PlanApplier(client, codec, 2, Progress.silent())
                .apply(RestorePlanner.plan(Listings.of(client), RestoreTarget.latest()), out);
        assertThat(SqliteFiles.integrityCheck(out)).isEqualTo("ok");
        return out;
    }

    private List<Path> objects() throws IOException {
        try (Stream<Path> s = Files.walk(replicaDir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyObjectIsEncryptedAndARestartResumesWithoutANewSnapshot() throws Exception {
        runOnce(BOTH);
        Path snapshot = objects().stream().filter(p -> p.toString().endsWith(".snapshot.lz4")).findFirst()
                .orElseThrow();
        byte[] firstSnapshot = Files.readAllBytes(snapshot);
        runOnce(BOTH);
        assertThat(objects()).allSatisfy(p -> assertThat(AgeFiles.sealed(p)).as(p.toString()).isTrue());
        assertThat(Files.readAllBytes(snapshot)).as("not uploaded again").isEqualTo(firstSnapshot);
        SqliteFiles.assertSameContent(db, restore(BOTH, "out.db"), "t");
    }

    @Test
    void enablingEncryptionUploadsAnEncryptedSnapshotSoTheLatestStateNeedsNoPlainObject() throws Exception {
        runOnce(Codec.plain());
        runOnce(BOTH);
        String generation = client.generations().get(0);
        long last = client.snapshots(generation).stream().mapToLong(s -> s.index()).max().orElseThrow();
        assertThat(AgeFiles.sealed(replicaDir.resolve(Keys.snapshot(generation, last)))).isTrue();
        SqliteFiles.assertSameContent(db, restore(BOTH, "out.db"), "t");
    }

    @Test
    void withoutAnIdentityARestartUploadsANewSnapshotInsteadOfFailing() throws Exception {
        runOnce(RECIPIENT_ONLY);
        Path snapshot = objects().stream().filter(p -> p.toString().endsWith(".snapshot.lz4")).findFirst()
                .orElseThrow();
        byte[] firstSnapshot = Files.readAllBytes(snapshot);
        runOnce(RECIPIENT_ONLY);
        assertThat(Files.readAllBytes(snapshot)).as("uploaded again").isNotEqualTo(firstSnapshot);
        SqliteFiles.assertSameContent(db, restore(BOTH, "out.db"), "t");
    }

    @Test
    void disablingEncryptionUploadsAPlainSnapshot() throws Exception {
        runOnce(BOTH);
        runOnce(Codec.plain());
        SqliteFiles.assertSameContent(db, restore(Codec.plain(), "out.db"), "t");
    }
}
