package dev.replicator.db;

import dev.replicator.Pos;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One replicated SQLite database: copies committed WAL frames into the local shadow WAL, starts WAL indexes and
 * generations, and runs checkpoints without ever letting SQLite discard frames that are not yet copied. The
 * synchronized front door of {@link DatabaseLocks}, {@link ShadowLog}, {@link Checkpointer}, {@link FileChanges} and
 * {@link SnapshotReads}.
 *
 * <p>The invariant behind rules R3 and T3: the replicator always holds a read transaction on the database (on
 * {@code reader}, or on {@code spare} while {@code reader} checkpoints) except while {@code writer} holds the write
 * lock. A WAL restart needs every frame backfilled and no reader but one at mark 0, so whenever a read transaction is
 * handed over, the new one is taken first, the WAL is copied, and only then is the old one released: a restart can
 * then only discard frames that were already copied. Seeing a new WAL header while that has held proves the previous
 * index is complete; anything else starts a new generation (R6). The one exception: a database file deleted or
 * replaced is let go of at once (our connections would keep its {@code -shm} alive for the new file), continuity is
 * then lost, and the new file starts a new generation.
 */
public final class Database implements ReplicaSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final Path path;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final List<Supplier<Optional<Pos>>> replicaProgress = new CopyOnWriteArrayList<>();
    private final DatabaseStats stats = new DatabaseStats();
    private final DatabaseLocks locks;
    private final ShadowLog shadowLog;
    private final SnapshotReads snapshots = new SnapshotReads();
    private final Checkpointer checkpointer;
    private final FileChanges fileChanges;
    private volatile int pageSize;
    private volatile boolean open;

    public Database(DatabaseSettings settings, Clock clock) {
        this.path = settings.path().toAbsolutePath();
        Path walPath = Path.of(path + "-wal");
        this.clock = clock;
        this.locks = new DatabaseLocks(path, settings.busyTimeout(), stats);
        this.shadowLog = new ShadowLog(path, walPath, locks, stats, clock);
        this.checkpointer = new Checkpointer(path, settings, clock, locks, shadowLog, snapshots, stats);
        this.fileChanges = new FileChanges(path, walPath);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Optional<Pos> position() {
        return Optional.ofNullable(shadowLog.position());
    }

    public int pageSize() {
        return pageSize;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public DatabaseStats stats() {
        return stats;
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void addReplicaProgress(Supplier<Optional<Pos>> progress) {
        replicaProgress.add(progress);
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
        shadowLog.attach(StateDir.open(path));
        try {
            locks.openFile();
            fileChanges.connected(FileChanges.keyOf(path));
            locks.openReader();
            boolean[] created = new boolean[1];
            locks.awaitWriteLock(() -> {
                created[0] = locks.createSeqTable();
                locks.commit();
            });
            if (created[0]) {
                locks.checkpointCreatedSeqTable();
            }
            pageSize = locks.readPageSize();
            // Under the write lock, so that nothing can be committed between the continuity check and the copy.
            locks.awaitWriteLock(() -> {
                locks.beginReaderRead();
                shadowLog.recover();
                shadowLog.copy(false);
            });
            open = true;
            locks.closeHelpers();
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        } catch (SQLException | IOException e) {
            closeQuietly();
            Optional<String> exhausted = OpenFiles.exhausted();
            if (e instanceof IOException io && exhausted.isEmpty()) {
                throw io;
            }
            throw new IOException("cannot open database " + path + ": " + exhausted.orElse(e.getMessage()), e);
        }
    }

    /** Fails with a one-line message naming the fix if there is no database file at {@code path}. */
    public static void requireExists(Path path) throws NoSuchFileException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toAbsolutePath().toString(), null,
                    "database does not exist: create it (start the app) first, or fix 'path'");
        }
    }

    /**
     * One sync pass: copy newly committed transactions into the shadow WAL, then checkpoint if the WAL is large.
     *
     * @return whether the replicated position moved
     */
    public synchronized boolean sync() throws IOException {
        return sync(false);
    }

    /** The last pass before shutdown: a replaced file is connected to at once rather than left unreplicated. */
    public synchronized boolean finalSync() throws IOException {
        return sync(true);
    }

    private boolean sync(boolean finalPass) throws IOException {
        requireOpen();
        try {
            if (quiet()) {
                stats.synced(clock.instant());
                return false;
            }
            FileChanges.Pass pass = fileChanges.startPass();
            boolean changed = syncOnce(finalPass);
            fileChanges.passCompleted(pass);
            stats.synced(clock.instant());
            return changed;
        } catch (IOException | RuntimeException e) {
            fileChanges.passFailed();
            stats.failed(clock.instant(), e);
            throw e;
        } finally {
            locks.closeHelpers();
        }
    }

    /**
     * Whether this pass can be skipped, the cheap way an idle database costs next to nothing per tick: the read
     * transaction and continuity hold, no checkpoint is due, and the files did not change since the last complete pass.
     */
    private boolean quiet() {
        return locks.readerHoldsRead() && shadowLog.continuityProven() && !checkpointer.wanted(clock.instant())
                && fileChanges.unchangedSinceLastPass();
    }

    private boolean syncOnce(boolean finalPass) throws IOException {
        boolean changed;
        try {
            FileChanges.Found found = fileChanges.check();
            if (found == FileChanges.Found.NO_FILE) {
                if (!snapshots.inProgress()) {
                    letGoOfOldFile(); // before the app creates the new file, whose -shm would be ours
                }
                throw new IOException("database " + path + " was deleted: replication resumes, in a new generation,"
                        + " when it is created again");
            }
            if (found == FileChanges.Found.OTHER_FILE) {
                if (snapshots.inProgress()) {
                    throw new IOException("database " + path + " was replaced: waiting for the snapshot in progress"
                            + " to end");
                }
                if (fileChanges.newFileUnseen()) {
                    log.warn("db={} the database file was replaced (deleted and created again, or renamed over):"
                            + " letting go of the old file; a new generation starts once the new one has rested for"
                            + " {} ms", path, FileChanges.REPLACEMENT_REST.toMillis());
                    letGoOfOldFile();
                }
                if (!fileChanges.newFileRested(finalPass)) {
                    return false;
                }
                reconnect();
            }
            if (!locks.readerHoldsRead()) {
                locks.beginReaderRead();
                shadowLog.continuityLost(); // frames may have been checkpointed away while no read mark was held
            }
            changed = shadowLog.copy(true);
        } catch (SQLException e) {
            throw new IOException("db=" + path + ": " + e.getMessage(), e);
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
        Pos copied = shadowLog.position();
        checkpointer.maybeCheckpoint();
        if (!Objects.equals(shadowLog.position(), copied)) { // the checkpoint copied what was committed meanwhile
            listeners.forEach(Runnable::run);
            changed = true;
        }
        shadowLog.clean(replicaProgress);
        return changed;
    }

    /**
     * Closes our connections to a file that is no longer at the path, at once: they keep its {@code -shm} in use, and a
     * new file at the path shares that wal-index. The next passes wait for the new file to rest.
     */
    private void letGoOfOldFile() {
        if (!fileChanges.waitingForNewFile()) {
            locks.close();
            shadowLog.continuityLost();
        }
        fileChanges.letGo();
    }

    /** Fails while a replaced database file waits to be connected to. */
    private void requireConnected() throws IOException {
        if (fileChanges.waitingForNewFile()) {
            throw new IOException("database " + path + " was replaced: a new generation starts once the new file has"
                    + " rested");
        }
    }

    /** Connects to the file now at {@code path}; continuity is lost, so the next copy starts a generation. */
    private void reconnect() throws IOException, SQLException {
        log.info("db={} connecting to the new database file", path);
        locks.close();
        shadowLog.continuityLost();
        Object key = FileChanges.keyOf(path);
        locks.reopen();
        pageSize = locks.readPageSize();
        fileChanges.connected(key); // last: a reconnect that failed half-way is tried again on the next pass
    }

    /** Forces a checkpoint now, whatever the WAL size; used on demand and by tests. */
    public synchronized void checkpointNow() throws IOException {
        requireOpen();
        requireConnected();
        try {
            checkpointer.checkpointNow();
        } finally {
            locks.closeHelpers();
        }
    }

    /**
     * Starts a read transaction on {@code c}, a connection of the caller's, that sees exactly the returned position:
     * everything committed is copied under the write lock first. For comparing the live database with a restore of
     * that position; the caller ends the transaction. The write lock is held only for the copy of the WAL tail (T5).
     */
    public synchronized Pos pinRead(Connection c) throws IOException {
        requireOpen();
        requireConnected();
        Pos before = shadowLog.position();
        try {
            shadowLog.pinRead(c);
        } catch (SQLException e) {
            throw new IOException("db=" + path + ": " + e.getMessage(), e);
        } finally {
            locks.closeHelpers();
        }
        if (!Objects.equals(shadowLog.position(), before)) {
            listeners.forEach(Runnable::run);
        }
        return shadowLog.position();
    }

    @Override
    public synchronized SnapshotSource openSnapshot() throws IOException {
        requireOpen();
        if (!shadowLog.hasGeneration()) {
            sync();
        }
        requireConnected();
        return snapshots.open(locks.file(), shadowLog.snapshotPosition());
    }

    @Override
    public Path shadowPath(String gen, long idx) {
        return shadowLog.shadowPath(gen, idx);
    }

    @Override
    public synchronized List<String> localGenerations() throws IOException {
        return shadowLog.localGenerations();
    }

    @Override
    public synchronized List<Long> shadowIndexes(String gen) throws IOException {
        return shadowLog.shadowIndexes(gen);
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
            locks.releaseReads();
        } catch (SQLException e) {
            log.debug("db={} releasing read transaction: {}", path, e.getMessage());
        }
        shadowLog.close();
    }

    @Override
    public synchronized void close() {
        open = false;
        closeQuietly();
    }

    private void closeQuietly() {
        locks.close();
        shadowLog.close();
    }
}
