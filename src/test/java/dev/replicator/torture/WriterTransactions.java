package dev.replicator.torture;

import dev.replicator.testing.AppWriter;
import dev.replicator.testing.SqliteFiles;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a database restored from an {@link AppWriter} run must look like: whole transactions 1..M, nothing else. */
record WriterTransactions(long seed, int bigEvery, int bigRows) {

    /**
     * Asserts that {@code db} passes integrity_check and holds exactly the rows of transactions 1..M for some M (0 when
     * it predates table t), and returns M. A torn transaction, a hole or a foreign row fails.
     */
    int verifyPrefix(Path db, String what) throws SQLException {
        assertThat(SqliteFiles.integrityCheck(db)).as("integrity_check of %s", what).isEqualTo("ok");
        if (!SqliteFiles.tables(db).contains("t")) {
            // The state before the app's first transaction, which created t: a generation's first snapshot can be
            // the database file as it was before its WAL, until the WAL's first segment is uploaded.
            return 0;
        }
        int last = lastTransaction(db);
        List<Integer> expected = IntStream.rangeClosed(1, last).boxed().toList();
        List<List<Object>> rows = SqliteFiles.tableDump(db, "t", "id");
        if (!rows.equals(AppWriter.expectedDump(seed, bigEvery, bigRows, expected))) {
            List<Object> present = rows.stream().map(r -> r.get(1)).distinct().toList();
            List<Integer> missing = expected.stream().filter(n -> !present.contains((long) n)).toList();
            throw new AssertionError(what + " does not hold exactly transactions 1.." + last + ": missing "
                    + abbreviate(missing) + ", " + rows.size() + " rows in all");
        }
        return last;
    }

    static int lastTransaction(Path db) throws SQLException {
        try (Connection c = SqliteFiles.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(n), 0) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String abbreviate(List<Integer> list) {
        return list.size() <= 20 ? list.toString() : list.subList(0, 20) + "... (" + list.size() + ")";
    }
}
