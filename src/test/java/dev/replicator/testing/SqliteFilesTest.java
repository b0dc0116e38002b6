package dev.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFilesTest {

    @TempDir
    Path dir;

    @Test
    void sameRowsCompareEqualAndAChangedBlobIsReported() throws Exception {
        Path a = create("a.db", new byte[] {1, 2, 3});
        Path b = create("b.db", new byte[] {1, 2, 3});
        SqliteFiles.assertSameContent(a, b);
        SqliteFiles.assertSameContent(a, b, "t");
        assertThat(SqliteFiles.integrityCheck(a)).isEqualTo("ok");
        assertThat(SqliteFiles.tables(a)).containsExactly("t");
        assertThat(SqliteFiles.tableDump(a, "t", "id")).containsExactly(
                List.of(1L, "one", SqliteFiles.blobDigest(new byte[] {1, 2, 3})),
                List.of(2L, "two", SqliteFiles.blobDigest(new byte[0])));

        Path c = create("c.db", new byte[] {1, 2, 4});
        assertThatThrownBy(() -> SqliteFiles.assertSameContent(a, c))
                .isInstanceOf(AssertionError.class).hasMessageContaining("table t differs at row 0");
    }

    @Test
    void missingFileIsAnErrorNotAnEmptyDatabase() {
        assertThatThrownBy(() -> SqliteFiles.integrityCheck(dir.resolve("absent.db")))
                .isInstanceOf(SQLException.class).hasMessageContaining("no database file");
    }

    private Path create(String name, byte[] blob) throws SQLException {
        Path db = dir.resolve(name);
        try (Connection c = SqliteFiles.openWal(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, data BLOB)");
            st.execute("CREATE TABLE _litestream_seq(id INTEGER PRIMARY KEY, seq INTEGER)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                insert.setInt(1, 1);
                insert.setString(2, "one");
                insert.setBytes(3, blob);
                insert.executeUpdate();
                insert.setInt(1, 2);
                insert.setString(2, "two");
                insert.setBytes(3, new byte[0]);
                insert.executeUpdate();
            }
        }
        return db;
    }
}
