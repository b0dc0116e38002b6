package dev.replicator.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The replicator's hold on one database file: the long-lived descriptor of the file and three SQLite connections.
 * {@code reader} holds the read transaction; {@code spare} holds it while {@code reader} checkpoints; {@code writer}
 * takes the write lock, briefly, through {@link #withWriteLock} only. Every read-transaction handoff takes the new one
 * first, copies the WAL, and only then releases the old one (see {@link Database}).
 */
final class DatabaseLocks {

    // Database's logger: users filter on that name (it appears in JSON logs).
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String SEQ_TABLE = "_replicator_seq";
    /** How long a start waits for the write lock, which a long transaction of the app may hold. */
    private static final Duration OPEN_LOCK_TIMEOUT = Duration.ofSeconds(30);

    /** Work done while a lock or a read transaction is held; may copy the WAL. */
    interface Action {
        void run() throws IOException, SQLException;
    }

    private final Path path;
    private final Duration busyTimeout;
    private final DatabaseStats stats;
    private FileChannel dbFile;
    private Connection reader;
    private Connection spare;
    private Connection writer;
    private boolean readerInTx;
    private boolean spareInTx;
    private boolean writeLocked;

    DatabaseLocks(Path path, Duration busyTimeout, DatabaseStats stats) {
        this.path = path;
        this.busyTimeout = busyTimeout;
        this.stats = stats;
    }

    /**
     * Opens the descriptor of the database file, held open for as long as SQLite's connections: closing any descriptor
     * of the file drops every POSIX lock this process holds on it, SQLite's included.
     */
    void openFile() throws IOException {
        dbFile = FileChannel.open(path, StandardOpenOption.READ);
    }

    /** The long-lived descriptor of the database file, for snapshots. */
    FileChannel file() {
        return dbFile;
    }

    /** Opens {@code reader} and makes sure the database is in WAL mode. */
    void openReader() throws SQLException, IOException {
        reader = SqliteConnections.openReader(path, busyTimeout);
        ensureWalMode();
    }

    /** After {@link #close()}: the descriptor, reader and the seq table again, for the file now at the path. */
    void reopen() throws IOException, SQLException {
        openFile();
        openReader();
        if (createSeqTable()) {
            checkpointCreatedSeqTable();
        }
    }

    private void ensureWalMode() throws SQLException, IOException {
        String mode = SqliteConnections.queryString(writer(), "PRAGMA journal_mode");
        if ("wal".equalsIgnoreCase(mode)) {
            return;
        }
        String now = SqliteConnections.queryString(writer, "PRAGMA journal_mode = wal");
        if (!"wal".equalsIgnoreCase(now)) {
            throw new IOException("database " + path + " is in journal_mode=" + mode
                    + " and could not be switched to WAL: stop the app, run sqlite3 " + path
                    + " 'PRAGMA journal_mode=WAL;', and start again");
        }
        log.warn("db={} was in journal_mode={}; switched it to WAL (required for replication)", path, mode);
    }

    /**
     * Creates the table whose row a read transaction reads to take its read mark, and that a bump writes to; whether it
     * was created.
     */
    boolean createSeqTable() throws SQLException {
        Connection w = writer();
        if (!"0".equals(SqliteConnections.queryString(w,
                "SELECT COUNT(1) FROM sqlite_master WHERE name = '" + SEQ_TABLE + "'"))) {
            return false;
        }
        SqliteConnections.execute(w, "CREATE TABLE IF NOT EXISTS " + SEQ_TABLE + " (id INTEGER PRIMARY KEY, seq INTEGER)");
        return true;
    }

    /**
     * Checkpoints (PASSIVE) the seq table's creation, before any read transaction or generation: it wrote page 1, and
     * until that page is back in the database file, an app that deletes its database and creates it again reads it
     * through the old {@code -shm} we keep open ("disk I/O error").
     */
    void checkpointCreatedSeqTable() throws SQLException {
        checkpoint("PASSIVE");
    }

    /** Commits one row so that the WAL gets a header; outside the write lock. */
    void bumpSeq() throws SQLException {
        Connection w = writer();
        long start = System.nanoTime();
        try {
            SqliteConnections.execute(w, "INSERT INTO " + SEQ_TABLE
                    + " (id, seq) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seq = seq + 1");
        } finally {
            stats.heldWriteLock(System.nanoTime() - start);
        }
    }

    int readPageSize() throws SQLException {
        return Integer.parseInt(SqliteConnections.queryString(reader, "PRAGMA page_size"));
    }

    /**
     * Takes the write lock on {@code writer}, runs {@code action}, and releases the lock (rolled back, unless the
     * action committed). Returns false, without running the action, if the lock stayed busy for busy-timeout.
     */
    boolean withWriteLock(Action action) throws IOException, SQLException {
        if (!beginImmediate()) {
            return false;
        }
        long start = System.nanoTime();
        writeLocked = true;
        try {
            action.run();
        } finally {
            if (writeLocked) {
                writeLocked = false;
                rollback(writer);
            }
            stats.heldWriteLock(System.nanoTime() - start);
        }
        return true;
    }

    /** Ends the write transaction of {@link #withWriteLock}'s action by committing it. */
    void commit() throws SQLException {
        SqliteConnections.execute(writer, "COMMIT");
        writeLocked = false;
    }

    /**
     * {@link #withWriteLock} at start-up. One busy-timeout is not enough: a big transaction of the app on a slow disk
     * can hold the lock for longer, and failing the start for that would leave the database without replication.
     */
    void awaitWriteLock(Action action) throws IOException, SQLException {
        long deadline = System.nanoTime() + OPEN_LOCK_TIMEOUT.toNanos();
        boolean logged = false;
        while (!withWriteLock(action)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("database " + path + " stayed write-locked for " + OPEN_LOCK_TIMEOUT.toSeconds()
                        + "s: is a transaction of the app stuck? Retry, or raise busy-timeout");
            }
            if (!logged) {
                log.info("db={} is write-locked (a long transaction of the app?); waiting up to {}s for it", path,
                        OPEN_LOCK_TIMEOUT.toSeconds());
                logged = true;
            }
        }
    }

    boolean readerHoldsRead() {
        return readerInTx;
    }

    void beginReaderRead() throws SQLException {
        beginRead(reader);
    }

    /** Retakes reader's read transaction, so that it sees everything committed; only under the write lock. */
    void renewReaderRead() throws SQLException {
        endRead(reader);
        beginRead(reader);
    }

    /** Releases spare's read transaction; only under the write lock, or with reader holding one. */
    void endSpareRead() throws SQLException {
        endRead(spare);
    }

    /** Hands the read transaction from reader to spare: spare's first, then {@code copy}, then reader's released. */
    void moveReadToSpare(Action copy) throws IOException, SQLException {
        beginRead(spare());
        copy.run();
        endRead(reader);
    }

    /** Hands the read transaction back from spare to reader, in the same order as {@link #moveReadToSpare}. */
    void moveReadToReader(Action copy) throws IOException, SQLException {
        beginRead(reader);
        copy.run();
        endRead(spare);
    }

    /** Ends both read transactions, for a release that leaves the connections open. */
    void releaseReads() throws SQLException {
        endRead(reader);
        endRead(spare);
    }

    /** Runs {@code PRAGMA wal_checkpoint(mode)} on reader and returns {busy, walFrames, checkpointedFrames}. */
    int[] checkpoint(String mode) throws SQLException {
        if ("PASSIVE".equals(mode)) {
            return SqliteConnections.checkpoint(reader, mode);
        }
        long start = System.nanoTime(); // the other modes hold the write lock throughout
        try {
            return SqliteConnections.checkpoint(reader, mode);
        } finally {
            stats.heldWriteLock(System.nanoTime() - start);
        }
    }

    /**
     * Flushes the WAL and the database file to disk, so that a checkpoint's own syncs under the write lock find little
     * left to write. A second descriptor of the WAL may be closed: SQLite's locks are on the database file and -shm.
     */
    void flushToDisk() throws IOException {
        try (FileChannel wal = FileChannel.open(Path.of(path + "-wal"), StandardOpenOption.READ)) {
            wal.force(false);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        dbFile.force(false);
    }

    /** Starts a read transaction on {@code c}, a connection of the caller's; the caller ends it. */
    static void beginForeignRead(Connection c) throws SQLException {
        SqliteConnections.execute(c, "BEGIN");
        SqliteConnections.queryString(c, "SELECT COUNT(1) FROM sqlite_master");
    }

    // spare and writer are opened when a checkpoint, a new generation or a pinned read needs them, and closed after:
    // an idle database then costs one SQLite connection (its page cache, lookaside and file descriptors), not three.
    private Connection writer() throws SQLException {
        if (writer == null) {
            writer = SqliteConnections.openWriter(path, busyTimeout);
        }
        return writer;
    }

    private Connection spare() throws SQLException {
        if (spare == null) {
            spare = SqliteConnections.open(path, busyTimeout);
        }
        return spare;
    }

    /** Closes spare and writer unless spare holds the read transaction; reader stays, so SQLite keeps the WAL (T4). */
    void closeHelpers() {
        if (spare != null && !spareInTx) {
            closeQuietly(spare);
            spare = null;
        }
        if (writer != null) {
            closeQuietly(writer);
            writer = null;
        }
    }

    private void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            log.debug("db={} close: {}", path, e.getMessage());
        }
    }

    private boolean beginImmediate() throws SQLException {
        try {
            SqliteConnections.execute(writer(), "BEGIN IMMEDIATE");
            return true;
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY")) {
                return false;
            }
            throw e;
        }
    }

    private void rollback(Connection c) {
        try {
            SqliteConnections.execute(c, "ROLLBACK");
        } catch (SQLException e) {
            log.warn("db={} rollback failed: {}", path, e.getMessage());
        }
    }

    // A plain BEGIN takes no read mark; the SELECT does (T2).
    private void beginRead(Connection c) throws SQLException {
        if (isInTx(c)) {
            return;
        }
        SqliteConnections.execute(c, "BEGIN");
        try {
            SqliteConnections.queryString(c, "SELECT COUNT(1) FROM " + SEQ_TABLE);
        } catch (SQLException e) {
            rollback(c);
            throw e;
        }
        setInTx(c, true);
    }

    private void endRead(Connection c) throws SQLException {
        if (!isInTx(c)) {
            return;
        }
        setInTx(c, false);
        SqliteConnections.execute(c, "ROLLBACK");
    }

    private boolean isInTx(Connection c) {
        return c == reader ? readerInTx : spareInTx;
    }

    private void setInTx(Connection c, boolean value) {
        if (c == reader) {
            readerInTx = value;
        } else {
            spareInTx = value;
        }
    }

    /**
     * Closes SQLite's connections and the descriptor of the database file. (Closing the last connection to a file
     * that was replaced does not checkpoint or delete the WAL now under its name: SQLite checks that it has not moved.)
     */
    void close() {
        for (Connection c : new Connection[] {reader, spare, writer}) {
            if (c != null) {
                closeQuietly(c);
            }
        }
        if (dbFile != null) {
            try {
                dbFile.close();
            } catch (IOException e) {
                log.debug("db={} close: {}", path, e.getMessage());
            }
            dbFile = null;
        }
        readerInTx = false;
        spareInTx = false;
    }
}
