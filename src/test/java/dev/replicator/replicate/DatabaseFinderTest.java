package dev.replicator.replicate;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.config.S3Settings;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which files of a real directory tree a {@code dir:} entry replicates. */
class DatabaseFinderTest {

    @TempDir
    Path root;

    private DirConfig dir(String extra) {
        Config config = ConfigLoader.parse("dbs:\n  - dir: " + root + "\n" + extra.indent(4)
                + "    replicas: [{url: 's3://b/p'}]\n", "t.yml", Map.of());
        return config.dirs().get(0);
    }

    private Path database(String relative) throws Exception {
        Path db = root.resolve(relative);
        Files.createDirectories(db.getParent());
        try (Connection c = SqliteFiles.openWal(db); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
            s.execute("INSERT INTO t VALUES (1)");
        }
        return db;
    }

    private void tree() throws Exception {
        database("a.db");
        database("b.sqlite");
        database("tenants/c.db");
        database("tenants/deeper/d.db");
        database(".hidden/e.db");
        database(".f.db");
        Files.createDirectories(root.resolve(".a.db-replicator"));
        database(".a.db-replicator/scratch.db");
        Files.writeString(root.resolve("notes.db"), "not a database at all, just text that is long enough");
        Files.createFile(root.resolve("empty.db")); // being created: no header yet
        Files.writeString(root.resolve("a.db-journal"), "x");
        try (Connection open = SqliteFiles.openWal(root.resolve("open.db"));
             Statement s = open.createStatement()) {
            s.execute("CREATE TABLE t(x)"); // the -wal and -shm exist while the scan runs
            assertThat(DatabaseFinder.scan(dir("pattern: '*'\nrecursive: true")).databases())
                    .containsExactly(root.resolve("a.db"), root.resolve("b.sqlite"), root.resolve("open.db"),
                            root.resolve("tenants/c.db"), root.resolve("tenants/deeper/d.db"));
        }
    }

    @Test
    void everyPatternMatchInTheTreeThatIsASqliteFile() throws Exception {
        tree();
    }

    @Test
    void flatByDefaultWithTheDefaultPattern() throws Exception {
        tree();
        DatabaseFinder.Scan scan = DatabaseFinder.scan(dir(""));
        assertThat(scan.databases()).containsExactly(root.resolve("a.db"), root.resolve("open.db"));
        assertThat(scan.directories()).containsExactly(root);
    }

    @Test
    void recursiveLooksInEveryDirectoryButHiddenOnes() throws Exception {
        tree();
        DatabaseFinder.Scan scan = DatabaseFinder.scan(dir("recursive: true"));
        assertThat(scan.databases()).containsExactly(root.resolve("a.db"), root.resolve("open.db"),
                root.resolve("tenants/c.db"), root.resolve("tenants/deeper/d.db"));
        assertThat(scan.directories()).containsExactlyInAnyOrder(root, root.resolve("tenants"),
                root.resolve("tenants/deeper"));
    }

    @Test
    void aBracePatternMatchesSeveralExtensions() throws Exception {
        tree();
        assertThat(DatabaseFinder.scan(dir("pattern: '{*.db,*.sqlite}'")).databases())
                .containsExactly(root.resolve("a.db"), root.resolve("b.sqlite"), root.resolve("open.db"));
    }

    @Test
    void aFileBecomesADatabaseOnceItHasTheHeader() throws Exception {
        Path db = root.resolve("new.db");
        Files.createFile(db);
        assertThat(DatabaseFinder.scan(dir("")).databases()).isEmpty();
        assertThat(DatabaseFinder.isDatabase(db)).isFalse();
        Files.delete(db);
        database("new.db");
        assertThat(DatabaseFinder.scan(dir("")).databases()).containsExactly(db);
    }

    @Test
    void aMissingDirectoryIsAnErrorThatSaysSo() {
        DirConfig missing = ConfigLoader.parse("dbs:\n  - dir: " + root.resolve("nope") + "\n"
                + "    replicas: [{url: 's3://b/p'}]\n", "t.yml", Map.of()).dirs().get(0);
        assertThatThrownBy(() -> DatabaseFinder.scan(missing))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(root.resolve("nope").toString())
                .hasMessageContaining("dir does not exist: create it, or fix dir in the config");
    }

    private static Config parse(String yaml) {
        return ConfigLoader.parse(yaml, "r.yml", Map.of());
    }

    @Test
    void eachDatabaseIsReplicatedUnderItsRelativePath() {
        DirConfig dir = parse("""
                dbs:
                  - dir: /data
                    recursive: true
                    replicas:
                      - url: s3://bucket/backups
                      - name: root
                        url: s3://other
                      - type: s3
                        name: keyed
                        bucket: third
                        path: deep/prefix
                      - path: /backups
                      - name: url-file
                        url: file:///mnt/backups
                """).dirs().get(0);
        DbConfig db = DatabaseFinder.forDatabase(dir, Path.of("/data/tenants/a.db"));
        assertThat(db.path()).isEqualTo(Path.of("/data/tenants/a.db"));
        assertThat(db.replicas()).extracting(ReplicaConfig::describe).containsExactly(
                "s3://bucket/backups/tenants/a.db",
                "s3://other/tenants/a.db",
                "s3://third/deep/prefix/tenants/a.db",
                "file:///backups/tenants/a.db",
                "file:///mnt/backups/tenants/a.db");
        assertThat(db.replicas()).extracting(ReplicaConfig::name)
                .containsExactly("s3", "root", "keyed", "file", "url-file");
        assertThat(DatabaseFinder.relativePath(dir, Path.of("/data/x.db"))).isEqualTo("x.db");
    }

    @Test
    void coversByPathPatternDepthAndHiddenParts() {
        DirConfig flat = parse("dbs:\n  - dir: /data\n    replicas: [{url: s3://b/p}]\n").dirs().get(0);
        assertThat(DatabaseFinder.covers(flat, Path.of("/data/a.db"))).isTrue();
        assertThat(DatabaseFinder.covers(flat, Path.of("/data/sub/a.db"))).as("not recursive").isFalse();
        assertThat(DatabaseFinder.covers(flat, Path.of("/data/a.sqlite"))).isFalse();
        assertThat(DatabaseFinder.covers(flat, Path.of("/other/a.db"))).isFalse();
        assertThat(DatabaseFinder.covers(flat, Path.of("/data/.a.db"))).as("hidden file").isFalse();
        DirConfig all = parse("dbs:\n  - dir: /data\n    pattern: '*'\n    recursive: true\n"
                + "    replicas: [{url: s3://b/p}]\n").dirs().get(0);
        assertThat(DatabaseFinder.covers(all, Path.of("/data/sub/deeper/a"))).isTrue();
        assertThat(DatabaseFinder.covers(all, Path.of("/data/a.db-wal"))).isFalse();
        assertThat(DatabaseFinder.covers(all, Path.of("/data/a.db-shm"))).isFalse();
        assertThat(DatabaseFinder.covers(all, Path.of("/data/a.db-journal"))).isFalse();
        assertThat(DatabaseFinder.covers(all, Path.of("/data/a.db.tmp"))).as("a restore in progress").isFalse();
        assertThat(DatabaseFinder.covers(all, Path.of("/data/.a.db-replicator/x"))).as("replicator's state").isFalse();
        assertThat(DatabaseFinder.covers(all, Path.of("/data/.hidden/a.db"))).isFalse();
        assertThat(DatabaseFinder.covers(all, Path.of("/data"))).isFalse();
    }

    @Test
    void s3ReplicaAtTheBucketRoot() {
        ReplicaConfig r = DatabaseFinder.forDatabase(parse("dbs:\n  - dir: /data\n    replicas: [{url: s3://b}]\n")
                .dirs().get(0), Path.of("/data/a.db")).replicas().get(0);
        assertThat(r.s3().map(S3Settings::prefix)).isEqualTo(Optional.of("a.db"));
    }
}
