package dev.replicator.db;

import dev.replicator.DurableFiles;
import dev.replicator.Generations;
import dev.replicator.Pos;
import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One replicated SQLite database: copies committed WAL frames into the local shadow WAL, starts WAL indexes and
 * generations, and runs checkpoints without ever letting SQLite discard frames that are not yet copied.
 *
 * <p>The invariant behind rules R3 and T3: the replicator always holds a read transaction on the database (on
 * {@code reader}, or on {@code spare} while {@code reader} checkpoints) except while {@code writer} holds the write
 * lock. A WAL restart needs every frame backfilled and no reader but one at mark 0, so whenever a read transaction is
 * handed over, the new one is taken first, the WAL is copied, and only then is the old one released: a restart can
 * then only discard frames that were already copied. Seeing a new WAL header while that has held proves the previous
 * index is complete; anything else starts a new generation (R6).
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String SEQ_TABLE = "_replicator_seq";
    /** How long a start waits for the write lock, which a long transaction of the app may hold. */
    private static final Duration OPEN_LOCK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TAIL_CHECKPOINT_WAIT = Duration.ofMillis(250);
    private static final Duration TAIL_CHECKPOINT_POLL = Duration.ofMillis(1);
    /** Longest run of skipped (quiet) passes; a complete pass also cleans up shadow WAL the replicas uploaded. */
    private static final Duration FULL_PASS = Duration.ofSeconds(30);

    private final DatabaseSettings settings;
    private final Path path;
    private final Path walPath;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Supplier<Optional<Pos>>> replicaProgress = new CopyOnWriteArrayList<>();
    private final AtomicInteger snapshotsInProgress = new AtomicInteger();
    private final DatabaseStats stats = new DatabaseStats();

    private StateDir state;
    private FileChannel dbFile;
    private Object dbFileKey;
    private Connection reader;
    private Connection spare;
    private Connection writer;
    private boolean readerInTx;
    private boolean spareInTx;
    private boolean continuous;
    private String pendingGenerationReason;

    private String generation;
    private long index;
    private ShadowWal shadow;
    private long lastCheckpointAttemptEnd = -1;
    private Instant lastCheckpointAt;
    private volatile Pos position;
    private volatile int pageSize;
    private volatile boolean open;
    private WalStamp seen;
    private long lastFullPass;

    public Database(DatabaseSettings settings, Clock clock) {
        this.settings = settings;
        this.path = settings.path().toAbsolutePath();
        this.walPath = Path.of(path + "-wal");
        this.clock = clock;
    }

    public Path path() {
        return path;
    }

    /** The position up to which the shadow WAL holds whole transactions, or empty before the first sync. */
    public Optional<Pos> position() {
        return Optional.ofNullable(position);
    }

    public int pageSize() {
        return pageSize;
    }

    public Clock clock() {
        return clock;
    }

    public DatabaseStats stats() {
        return stats;
    }

    /** Called (on the syncing thread) after every sync that moved the position. Must not block. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Lets a replica say how far it has uploaded, so shadow WAL files it still needs are kept. */
    public void addReplicaProgress(Supplier<Optional<Pos>> progress) {
        replicaProgress.add(progress);
    }

    public boolean isOpen() {
        return open;
    }

    /**
     * Opens the database, takes the state directory lock and the long-running read transaction, and recovers the
     * previous generation if the WAL still continues it.
     */
    public synchronized void open() throws IOException {
        if (open) {
            return;
        }
        requireExists(path);
        state = StateDir.open(path);
        try {
            // Held open for as long as SQLite's connections: closing any descriptor of the file drops every POSIX
            // lock this process holds on it, SQLite's included.
            dbFile = FileChannel.open(path, StandardOpenOption.READ);
            dbFileKey = fileKey(path);
            reader = SqliteConnections.openReader(path, settings.busyTimeout());
            ensureWalMode();
            awaitWriteLock();
            try {
                SqliteConnections.execute(writer,
                        "CREATE TABLE IF NOT EXISTS " + SEQ_TABLE + " (id INTEGER PRIMARY KEY, seq INTEGER)");
                SqliteConnections.execute(writer, "COMMIT");
            } catch (SQLException e) {
                rollback(writer);
                throw e;
            }
            pageSize = Integer.parseInt(SqliteConnections.queryString(reader, "PRAGMA page_size"));
            // Under the write lock, so that nothing can be committed between the continuity check and the copy.
            awaitWriteLock();
            try {
                beginRead(reader);
                recover();
                if (generation != null) {
                    copy(false);
                }
            } finally {
                rollback(writer);
            }
            open = true;
            closeHelpers();
        } catch (SQLException e) {
            closeQuietly();
            throw new IOException("cannot open database " + path + ": " + OpenFiles.exhausted().orElse(e.getMessage()),
                    e);
        } catch (IOException e) {
            closeQuietly();
            Optional<String> exhausted = OpenFiles.exhausted();
            if (exhausted.isPresent()) {
                throw new IOException("cannot open database " + path + ": " + exhausted.get(), e);
            }
            throw e;
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /** Fails with a one-line message naming the fix if there is no database file at {@code path}. */
    public static void requireExists(Path path) throws NoSuchFileException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toAbsolutePath().toString(), null,
                    "database does not exist: create it (start the app) first, or fix 'path'");
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

    private void recover() throws IOException {
        Optional<String> current = state.currentGeneration();
        if (current.isEmpty()) {
            pendingGenerationReason = "no previous generation";
            continuous = true;
            return;
        }
        String gen = current.get();
        OptionalLong maxIndex = state.maxShadowIndex(gen);
        if (maxIndex.isEmpty()) {
            pendingGenerationReason = "no shadow WAL for generation " + gen;
            continuous = true;
            return;
        }
        ShadowWal recovered;
        try {
            recovered = ShadowWal.recover(state.shadowPath(gen, maxIndex.getAsLong()));
        } catch (IOException e) {
            pendingGenerationReason = "shadow WAL unreadable (" + e.getMessage() + ")";
            continuous = true;
            return;
        }
        Optional<String> mismatch = continuityProblem(recovered);
        if (mismatch.isPresent()) {
            recovered.close();
            pendingGenerationReason = mismatch.get();
        } else {
            generation = gen;
            index = maxIndex.getAsLong();
            shadow = recovered;
            position = new Pos(generation, index, shadow.end());
            log.info("db={} resuming generation at {}", path, position);
        }
        continuous = true;
    }

    /** Why the real WAL does not continue the shadow WAL, if it does not. */
    private Optional<String> continuityProblem(ShadowWal candidate) throws IOException {
        if (!Files.exists(walPath) || Files.size(walPath) < WalHeader.SIZE) {
            return Optional.of("WAL file was removed or emptied while replication was stopped");
        }
        try (FileChannel wal = FileChannel.open(walPath, StandardOpenOption.READ)) {
            WalHeader real;
            try {
                real = WalScanner.readHeader(Channels.newInputStream(new PositionedReader(wal, 0)));
            } catch (WalFormatException e) {
                return Optional.of("WAL header unreadable: " + e.getMessage());
            } catch (EOFException e) {
                return Optional.of("WAL file was emptied while replication was stopped");
            }
            if (!real.sameBytes(candidate.header())) {
                return Optional.of("WAL was restarted while replication was stopped");
            }
            if (wal.size() < candidate.end()) {
                return Optional.of("WAL is shorter than what was already copied");
            }
            long end = candidate.end();
            if (end > WalHeader.SIZE) {
                int frame = real.frameSize();
                byte[] shadowFrame = candidate.read(end - frame, frame);
                byte[] realFrame = new byte[frame];
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(realFrame);
                while (buf.hasRemaining() && wal.read(buf, end - frame + buf.position()) > 0) {
                    // keep reading
                }
                if (!Arrays.equals(shadowFrame, realFrame)) {
                    return Optional.of("WAL was overwritten by another process");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * One sync pass: copy newly committed transactions into the shadow WAL, then checkpoint if the WAL is large.
     *
     * @return whether the replicated position moved
     */
    public synchronized boolean sync() throws IOException {
        requireOpen();
        try {
            if (quiet()) {
                stats.synced(clock.instant());
                return false;
            }
            WalStamp before = WalStamp.of(walPath);
            long fullPassAt = System.nanoTime();
            boolean changed = syncOnce();
            seen = before;
            lastFullPass = fullPassAt;
            stats.synced(clock.instant());
            return changed;
        } catch (IOException | RuntimeException e) {
            seen = null;
            stats.failed(clock.instant(), e);
            throw e;
        } finally {
            closeHelpers();
        }
    }

    /**
     * Whether this pass can be skipped, the cheap way an idle database costs next to nothing per tick: the database
     * file is the same, the WAL has not been written since the last complete pass looked at it (see {@link WalStamp}),
     * no checkpoint is due, and a complete pass (which also cleans the shadow WAL) ran within {@link #FULL_PASS}.
     */
    private boolean quiet() {
        if (seen == null || !readerInTx || !continuous || generation == null || shadow == null
                || System.nanoTime() - lastFullPass > FULL_PASS.toNanos() || checkpointWanted(clock.instant())) {
            return false;
        }
        try {
            Object key = fileKey(path);
            return key != null && key.equals(dbFileKey) && seen.unchangedAt(WalStamp.of(walPath));
        } catch (IOException e) {
            return false; // deleted, say: the full pass says what happened
        }
    }

    private boolean syncOnce() throws IOException {
        boolean changed;
        try {
            if (fileReplaced()) {
                reconnect();
            }
            if (!readerInTx) {
                beginRead(reader);
                continuous = false; // frames may have been checkpointed away while no read mark was held
            }
            changed = copy(true);
        } catch (SQLException e) {
            throw new IOException("db=" + path + ": " + e.getMessage(), e);
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        Pos copied = position;
        maybeCheckpoint();
        if (!Objects.equals(position, copied)) { // the checkpoint copied what was committed meanwhile
            listeners.forEach(Runnable::run);
            changed = true;
        }
        cleanShadow();
        return changed;
    }

    /** Identity (device and inode) of the file at {@code p}, or null where the file system has none. */
    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    /**
     * Whether the database file was deleted and created anew, or another file renamed over it: our connections then
     * still read the old file while the app writes a new one with a new WAL under the same name, and copying that WAL
     * would splice two histories (R6).
     */
    private boolean fileReplaced() throws IOException {
        Object now;
        try {
            now = fileKey(path);
        } catch (NoSuchFileException e) {
            throw new IOException("database " + path + " was deleted: replication resumes, in a new generation,"
                    + " when it is created again");
        }
        if (now == null || now.equals(dbFileKey)) {
            return false;
        }
        if (snapshotsInProgress.get() > 0) {
            throw new IOException("database " + path + " was replaced: waiting for the snapshot in progress to end");
        }
        return true;
    }

    /** Connects to the file now at {@code path}; continuity is lost, so the next copy starts a generation. */
    private void reconnect() throws IOException, SQLException {
        log.warn("db={} the database file was replaced (deleted and created again, or renamed over): reopening it;"
                + " a new generation starts", path);
        closeConnections();
        continuous = false;
        Object key = fileKey(path);
        dbFile = FileChannel.open(path, StandardOpenOption.READ);
        reader = SqliteConnections.openReader(path, settings.busyTimeout());
        ensureWalMode();
        SqliteConnections.execute(writer(),
                "CREATE TABLE IF NOT EXISTS " + SEQ_TABLE + " (id INTEGER PRIMARY KEY, seq INTEGER)");
        pageSize = Integer.parseInt(SqliteConnections.queryString(reader, "PRAGMA page_size"));
        dbFileKey = key; // last: a reconnect that failed half-way is tried again on the next pass
    }

    /** Copies whatever is committed; starts a new index or generation when the WAL was restarted. */
    private boolean copy(boolean mayStartGeneration) throws IOException, SQLException {
        if (generation == null) {
            if (!mayStartGeneration) {
                return false;
            }
            return startGeneration(pendingGenerationReason == null ? "no generation" : pendingGenerationReason);
        }
        if (!Files.exists(walPath) || Files.size(walPath) < WalHeader.SIZE) {
            if (!continuous && mayStartGeneration) {
                return startGeneration("WAL removed while the read lock was not held");
            }
            return false; // truncated by a checkpoint; the next writer writes a new header
        }
        try (FileChannel wal = FileChannel.open(walPath, StandardOpenOption.READ)) {
            WalHeader real;
            try {
                real = WalScanner.readHeader(Channels.newInputStream(new PositionedReader(wal, 0)));
            } catch (WalFormatException | EOFException e) {
                // A header being written right now, or the app's TRUNCATE checkpoint emptied the WAL since the size
                // check: either way the next pass sees a settled file.
                return false;
            }
            boolean moved = false;
            if (!real.sameBytes(shadow.header())) {
                if (!continuous) {
                    if (mayStartGeneration) {
                        return startGeneration("WAL restarted while continuity could not be proven");
                    }
                    return false;
                }
                // Create before moving on: if it fails (disk full), the next pass must retry this same index.
                ShadowWal next = ShadowWal.create(state.shadowPath(generation, index + 1), real);
                shadow.close();
                shadow = next;
                index++;
                lastCheckpointAttemptEnd = -1;
                moved = true;
                log.debug("db={} WAL restarted, new index {}", path, String.format("%08x", index));
            }
            long added = shadow.appendFrom(wal);
            stats.copied(added);
            if (moved || added > 0) {
                position = new Pos(generation, index, shadow.end());
                return true;
            }
            return false;
        }
    }

    /** Starts a generation under the write lock; returns false (retry next pass) if the lock stays busy. */
    private boolean startGeneration(String reason) throws IOException, SQLException {
        if (!Files.exists(walPath) || Files.size(walPath) < WalHeader.SIZE) {
            bumpSeq(); // committed before taking the lock: a generation needs a WAL header to start from
        }
        if (!beginImmediate()) {
            log.debug("db={} write lock busy, new generation deferred", path);
            return false;
        }
        try {
            try (FileChannel wal = FileChannel.open(walPath, StandardOpenOption.READ)) {
                WalHeader real = WalScanner.readHeader(Channels.newInputStream(new PositionedReader(wal, 0)));
                String gen = Generations.newName();
                if (shadow != null) {
                    shadow.close();
                }
                DurableFiles.createDirectories(state.shadowDir(gen));
                shadow = ShadowWal.create(state.shadowPath(gen, 0), real);
                stats.copied(shadow.appendFrom(wal));
                state.setCurrentGeneration(gen);
                generation = gen;
                index = 0;
                position = new Pos(generation, index, shadow.end());
                lastCheckpointAttemptEnd = -1;
                pendingGenerationReason = null;
                log.info("db={} new generation {}: {}", path, gen, reason);
            }
            // Retake the read transaction under the write lock so that everything it can see is copied.
            endRead(reader);
            beginRead(reader);
            continuous = true;
            return true;
        } finally {
            rollback(writer);
        }
    }

    /** Whether the shadow WAL holds frames that a checkpoint is due for, by size or by time. */
    private boolean checkpointWanted(Instant now) {
        if (shadow == null) {
            return false;
        }
        long frames = (shadow.end() - WalHeader.SIZE) / shadow.header().frameSize();
        if (frames <= 0 || shadow.end() == lastCheckpointAttemptEnd) {
            return false;
        }
        boolean dueByTime = lastCheckpointAt != null
                && now.isAfter(lastCheckpointAt.plus(settings.checkpointInterval()));
        return frames >= settings.minCheckpointPageCount() || dueByTime;
    }

    private void maybeCheckpoint() throws IOException {
        if (snapshotsInProgress.get() > 0 || shadow == null) {
            return;
        }
        Instant now = clock.instant();
        if (!checkpointWanted(now)) {
            return;
        }
        long frames = (shadow.end() - WalHeader.SIZE) / shadow.header().frameSize();
        boolean full = frames >= settings.maxCheckpointPageCount();
        lastCheckpointAttemptEnd = shadow.end();
        lastCheckpointAt = now;
        try {
            checkpoint(full ? "FULL" : "PASSIVE");
        } catch (SQLException e) {
            continuous = false;
            throw new IOException("db=" + path + ": checkpoint failed: " + e.getMessage(), e);
        }
    }

    /** Forces a checkpoint now, whatever the WAL size; used on demand and by tests. */
    public synchronized void checkpointNow() throws IOException {
        requireOpen();
        try {
            copy(true);
            checkpoint("PASSIVE");
            lastCheckpointAttemptEnd = shadow.end();
            lastCheckpointAt = clock.instant();
        } catch (SQLException e) {
            continuous = false;
            throw new IOException("db=" + path + ": checkpoint failed: " + e.getMessage(), e);
        } finally {
            closeHelpers();
        }
    }

    /**
     * The checkpoint handoff. Phase 1 moves the read transaction to {@code spare} and checkpoints the bulk of the WAL
     * without blocking the app's writers. Phase 2 briefly holds the write lock to copy the tail, lets {@code reader}
     * checkpoint it and take a fresh read transaction, so that the app's next write can restart the WAL (T3, T5).
     */
    private void checkpoint(String bulkMode) throws IOException, SQLException {
        if (snapshotsInProgress.get() > 0) {
            return;
        }
        beginRead(spare());
        copy(false);
        endRead(reader);
        int[] bulk;
        try {
            bulk = SqliteConnections.checkpoint(reader, bulkMode);
            stats.checkpointed(bulkMode, clock.instant());
        } catch (SQLException e) {
            beginRead(reader);
            copy(false);
            endRead(spare);
            throw e;
        }
        copy(false);
        boolean locked = beginImmediate();
        try {
            if (locked) {
                copy(false);
                endRead(spare);
                int[] tail = checkpointTail();
                beginRead(reader);
                log.debug("db={} checkpoint at {}: {} then tail {}", path, position, Arrays.toString(bulk),
                        Arrays.toString(tail));
            } else {
                beginRead(reader);
                copy(false);
                endRead(spare);
                log.debug("db={} checkpoint at {}: {}; write lock busy, WAL restart deferred", path, position,
                        Arrays.toString(bulk));
            }
        } finally {
            if (locked) {
                rollback(writer);
            }
        }
    }

    /**
     * Checkpoints the tail while the write lock is held. The app's own auto-checkpoint may hold the checkpoint lock
     * right now (busy, with -1 frames); it finishes soon, and giving up would leave the WAL unrestarted for another
     * round, so this retries for a short while. The app's writers wait meanwhile, well within their busy timeout.
     */
    private int[] checkpointTail() throws SQLException {
        long deadline = System.nanoTime() + TAIL_CHECKPOINT_WAIT.toNanos();
        while (true) {
            int[] tail = SqliteConnections.checkpoint(reader, "PASSIVE");
            boolean checkpointLockBusy = tail[0] == 1 && tail[1] == -1;
            if (!checkpointLockBusy || System.nanoTime() - deadline >= 0) {
                return tail;
            }
            LockSupport.parkNanos(TAIL_CHECKPOINT_POLL.toNanos());
        }
    }

    /**
     * Takes the write lock at start-up. One busy-timeout is not enough: a big transaction of the app on a slow disk can
     * hold the lock for longer, and failing the start for that would leave the database without replication.
     */
    private void awaitWriteLock() throws SQLException, IOException {
        long deadline = System.nanoTime() + OPEN_LOCK_TIMEOUT.toNanos();
        boolean logged = false;
        while (!beginImmediate()) {
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

    // spare and writer are opened when a checkpoint, a new generation or a pinned read needs them, and closed after:
    // an idle database then costs one SQLite connection (its page cache, lookaside and file descriptors), not three.
    private Connection writer() throws SQLException {
        if (writer == null) {
            writer = SqliteConnections.openWriter(path, settings.busyTimeout());
        }
        return writer;
    }

    private Connection spare() throws SQLException {
        if (spare == null) {
            spare = SqliteConnections.open(path, settings.busyTimeout());
        }
        return spare;
    }

    /** Closes spare and writer unless spare holds the read transaction; reader stays, so SQLite keeps the WAL (T4). */
    private void closeHelpers() {
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

    private void bumpSeq() throws SQLException {
        SqliteConnections.execute(writer(), "INSERT INTO " + SEQ_TABLE
                + " (id, seq) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seq = seq + 1");
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
     * Starts a read transaction on {@code c}, a connection of the caller's, that sees exactly the returned position:
     * everything committed is copied under the write lock first. For comparing the live database with a restore of
     * that position; the caller ends the transaction. The write lock is held only for the copy of the WAL tail (T5).
     */
    public synchronized Pos pinRead(Connection c) throws IOException {
        requireOpen();
        boolean changed;
        try {
            if (!beginImmediate()) {
                throw new IOException("db=" + path + ": write lock busy for longer than busy-timeout; try again");
            }
            try {
                if (generation == null || !continuous) {
                    throw new IOException("db=" + path + ": WAL continuity not proven yet; try again after a sync");
                }
                changed = copy(false);
                SqliteConnections.execute(c, "BEGIN");
                SqliteConnections.queryString(c, "SELECT COUNT(1) FROM sqlite_master");
            } finally {
                rollback(writer);
            }
        } catch (SQLException e) {
            throw new IOException("db=" + path + ": " + e.getMessage(), e);
        } finally {
            closeHelpers();
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        return position;
    }

    /** Reads the database file for a snapshot. Checkpoints wait until the returned stream is closed. */
    public synchronized SnapshotSource openSnapshot() throws IOException {
        requireOpen();
        if (generation == null) {
            sync();
        }
        snapshotsInProgress.incrementAndGet();
        try {
            Pos pos = new Pos(generation, index, 0);
            InputStream in = Channels.newInputStream(new PositionedReader(dbFile, 0));
            return new SnapshotSource(pos, new java.io.FilterInputStream(in) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    if (!closed) {
                        closed = true;
                        snapshotsInProgress.decrementAndGet();
                        super.close();
                    }
                }
            });
        } catch (RuntimeException e) {
            snapshotsInProgress.decrementAndGet();
            throw e;
        }
    }

    /** A database file stream that, replayed with WAL index {@code pos.index()} from offset 0, is consistent. */
    public record SnapshotSource(Pos pos, InputStream data) {
    }

    /** The shadow WAL file for an index, for replicas to upload from. */
    public Path shadowPath(String gen, long idx) {
        return state.shadowPath(gen, idx);
    }

    /** Whether {@code idx} is the last index of {@code gen} that will ever get more frames. */
    public boolean isCurrent(String gen, long idx) {
        Pos p = position;
        return p != null && p.generation().equals(gen) && p.index() == idx;
    }

    /** Local generations that still hold shadow WAL, oldest first, the current one last. */
    public synchronized List<String> localGenerations() throws IOException {
        return state.localGenerations();
    }

    public synchronized List<Long> shadowIndexes(String gen) throws IOException {
        return state.shadowIndexes(gen);
    }

    /** Removes shadow WAL files and old generations that every replica has uploaded. */
    private void cleanShadow() throws IOException {
        if (generation == null || replicaProgress.isEmpty()) {
            return;
        }
        long minIndex = index;
        for (Supplier<Optional<Pos>> progress : replicaProgress) {
            Optional<Pos> p = progress.get();
            if (p.isEmpty() || !p.get().generation().equals(generation)) {
                return; // a replica still works on an earlier generation, or has not started
            }
            minIndex = Math.min(minIndex, p.get().index());
        }
        for (String gen : state.localGenerations()) {
            if (!gen.equals(generation)) {
                state.deleteGeneration(gen);
            }
        }
        for (long idx : state.shadowIndexes(generation)) {
            if (idx < minIndex) {
                Files.deleteIfExists(state.shadowPath(generation, idx));
            }
        }
    }

    private void requireOpen() {
        if (!open) {
            throw new IllegalStateException("database " + path + " is not open");
        }
    }

    /**
     * Releases the read transaction and the state lock but deliberately leaves SQLite's connections to process exit:
     * closing the last connection would checkpoint and delete the WAL, and the next start could no longer prove
     * continuity (T4).
     */
    public synchronized void release() {
        if (!open) {
            return;
        }
        open = false;
        try {
            endRead(reader);
            endRead(spare);
        } catch (SQLException e) {
            log.debug("db={} releasing read transaction: {}", path, e.getMessage());
        }
        closeState();
    }

    @Override
    public synchronized void close() {
        open = false;
        closeQuietly();
    }

    private void closeQuietly() {
        closeConnections();
        closeState();
    }

    /**
     * Closes SQLite's connections and the descriptor of the database file. (Closing the last connection to a file
     * that was replaced does not checkpoint or delete the WAL now under its name: SQLite checks that it has not moved.)
     */
    private void closeConnections() {
        for (Connection c : new Connection[] {reader, spare, writer}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    log.debug("db={} close: {}", path, e.getMessage());
                }
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

    private void closeState() {
        try {
            if (shadow != null) {
                shadow.close();
                shadow = null;
            }
            if (state != null) {
                state.close();
                state = null;
            }
        } catch (IOException e) {
            log.debug("db={} close state: {}", path, e.getMessage());
        }
    }
}
