package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.SqliteFiles;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * An app that commits rows stamped with the wall-clock time of their commit, at a steady rate, into
 * {@code t(id, committed_ms, payload)}: the test data of point-in-time restores. It also runs the big transactions
 * and checkpoints that make a replicator or Litestream move to the next WAL index or the next generation.
 */
final class StampedRows implements AutoCloseable {

    /** The gap between rows while writing steadily. */
    static final Duration STEP = Duration.ofMillis(40);

    private final Path db;
    private final Connection app;
    private final PreparedStatement insert;

    /** One row as restored: its id, when it was committed, and a digest of its payload. */
    record Row(long id, long committedMs, String payload) {
    }

    StampedRows(Path db) throws SQLException {
        this.db = db;
        this.app = SqliteFiles.openWal(db);
        try (Statement st = app.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, committed_ms INTEGER NOT NULL,"
                    + " payload BLOB)");
        }
        this.insert = app.prepareStatement("INSERT INTO t(committed_ms, payload) VALUES (?, randomblob(?))");
    }

    Path db() {
        return db;
    }

    /** Commits a small row every {@link #STEP} for {@code duration}. */
    void writeFor(Duration duration) throws SQLException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            row(300);
            LockSupport.parkNanos(STEP.toNanos());
        }
    }

    /**
     * Writes steadily for {@code duration} (at least 3 s) and returns a target time in its middle, one millisecond
     * before a whole second: objects stored in the same second as the target then count as stored at or before it
     * even where the storage keeps whole seconds only (S3), and rows committed after it are stored later.
     */
    Instant writeAroundTarget(Duration duration) throws SQLException {
        if (duration.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("write at least 3 s around a target, not " + duration);
        }
        writeFor(duration.dividedBy(2));
        Instant target = Instant.ofEpochSecond(Instant.now().getEpochSecond()).plusMillis(999);
        writeFor(duration.dividedBy(2));
        assertThat(Instant.now()).as("rows were written after the target").isAfter(target.plusMillis(300));
        return target;
    }

    /** One transaction of about 1400 pages of 4 KiB (5.5 MB), above the default min-checkpoint-page-count. */
    void bigTransaction() throws SQLException {
        app.setAutoCommit(false);
        try {
            for (int i = 0; i < 80; i++) {
                insert.setLong(1, System.currentTimeMillis());
                insert.setInt(2, 70_000);
                insert.executeUpdate();
            }
            app.commit();
        } finally {
            app.setAutoCommit(true);
        }
    }

    /** Commits a row every 250 ms until {@code done}, for at most 30 s: quiet enough for a checkpoint to restart. */
    void writeSlowlyUntil(String what, BooleanSupplier done) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 30 s waiting for " + what);
            }
            row(300);
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
    }

    /** {@code PRAGMA wal_checkpoint(TRUNCATE)} from the app: with no replicator running, the WAL history ends here. */
    void checkpointTruncate() throws SQLException {
        try (Statement st = app.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("checkpoint busy").isZero();
        }
    }

    private void row(int payloadBytes) throws SQLException {
        insert.setLong(1, System.currentTimeMillis());
        insert.setInt(2, payloadBytes);
        insert.executeUpdate();
    }

    /** The rows of {@code t} in {@code file}, by id. */
    static List<Row> rows(Path file) throws SQLException {
        List<Row> rows = new ArrayList<>();
        for (List<Object> r : SqliteFiles.tableDump(file, "t", "id")) {
            rows.add(new Row((Long) r.get(0), (Long) r.get(1), String.valueOf(r.get(2))));
        }
        return rows;
    }

    /**
     * Asserts that {@code restored} passes integrity_check and holds a prefix of the source's rows that contains every
     * row committed at or before {@code target - granularity} and none committed after {@code target}.
     */
    void assertRestoredAt(Path restored, Instant target, Duration granularity) throws SQLException {
        assertThat(SqliteFiles.integrityCheck(restored)).as("integrity_check of %s", restored).isEqualTo("ok");
        List<Row> source = rows(db);
        List<Row> got = rows(restored);
        assertThat(got).as("rows restored at %s are the first rows of the source", target)
                .isEqualTo(source.subList(0, Math.min(got.size(), source.size())));
        long t = target.toEpochMilli();
        long sure = target.minus(granularity).toEpochMilli();
        assertThat(got).as("rows committed after %s", target).allMatch(r -> r.committedMs() <= t);
        List<Row> due = source.stream().filter(r -> r.committedMs() <= sure).toList();
        assertThat(got.size()).as("rows restored at %s; %d of the source's were committed at or before %s", target,
                due.size(), Instant.ofEpochMilli(sure)).isGreaterThanOrEqualTo(due.size());
        assertThat(source.size()).as("the source has rows after %s", target).isGreaterThan(got.size());
        E2e.step(String.format("restored at %s: %d rows (%d due, %d in the source)", target, got.size(),
                due.size(), source.size()));
    }

    @Override
    public void close() throws SQLException {
        insert.close();
        app.close();
    }
}
