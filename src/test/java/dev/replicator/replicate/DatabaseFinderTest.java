package dev.replicator.replicate;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import dev.replicator.config.DirConfig;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

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
}
