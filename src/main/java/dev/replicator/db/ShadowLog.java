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
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The shadow WAL of one database: its generation, WAL index and replicated position, how it continues the real WAL
 * ({@link Continuity}), copying committed frames into it, starting indexes and generations, and removing what every
 * replica has uploaded. Called by {@link Database} and {@link Checkpointer} under Database's monitor.
 */
final class ShadowLog {

    // Database's logger: users filter on that name (it appears in JSON logs).
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final Path path;
    private final Path walPath;
    private final DatabaseLocks locks;
    private final DatabaseStats stats;
    private final Clock clock;
    private StateDir state;
    private Continuity continuity = new Continuity.Broken("no generation");
    private String generation;
    private long index;
    private ShadowWal shadow;
    private volatile Pos position;
    private Instant positionSetAt;

    ShadowLog(Path path, Path walPath, DatabaseLocks locks, DatabaseStats stats, Clock clock) {
        this.path = path;
        this.walPath = walPath;
        this.locks = locks;
        this.stats = stats;
        this.clock = clock;
    }

    /** Takes over the (locked) state directory; {@link #close()} releases it. */
    void attach(StateDir stateDir) {
        this.state = stateDir;
    }

    /** The position up to which the shadow WAL holds whole transactions, or null before the first generation. */
    Pos position() {
        return position;
    }

    /** When the position was last set (a resume, a new generation or index, or frames copied), or null before. */
    Instant positionSetAt() {
        return positionSetAt;
    }

    private void setPosition() {
        position = new Pos(generation, index, shadow.end());
        positionSetAt = clock.instant();
    }

    /** The shadow WAL file being appended to, or null before the first generation. */
    ShadowWal current() {
        return shadow;
    }

    /** Whether the real WAL provably continues the current shadow WAL (a read transaction was held throughout). */
    boolean continuityProven() {
        return continuity instanceof Continuity.Proven && generation != null && shadow != null;
    }

    /** The read mark was not held for a while, the file was reopened, or a checkpoint failed. */
    void continuityLost() {
        continuity = continuity.lost();
    }

    /** Where a snapshot taken now belongs: the start of the current index. */
    Pos snapshotPosition() {
        return new Pos(generation, index, 0);
    }

    boolean hasGeneration() {
        return generation != null;
    }

    /**
     * Resumes the generation of the state directory if the real WAL still continues its last shadow WAL; otherwise
     * says why the next sync starts a new one.
     */
    void recover() throws IOException {
        Optional<String> current = state.currentGeneration();
        if (current.isEmpty()) {
            continuity = new Continuity.Broken("no previous generation");
            return;
        }
        String gen = current.get();
        OptionalLong maxIndex = state.maxShadowIndex(gen);
        if (maxIndex.isEmpty()) {
            continuity = new Continuity.Broken("no shadow WAL for generation " + gen);
            return;
        }
        ShadowWal recovered;
        try {
            recovered = ShadowWal.recover(state.shadowPath(gen, maxIndex.getAsLong()));
        } catch (IOException e) {
            continuity = new Continuity.Broken("shadow WAL unreadable (" + e.getMessage() + ")");
            return;
        }
        Optional<String> mismatch = ContinuityProof.problem(walPath, recovered);
        if (mismatch.isPresent()) {
            recovered.close();
            continuity = new Continuity.Broken(mismatch.get());
            return;
        }
        generation = gen;
        index = maxIndex.getAsLong();
        shadow = recovered;
        setPosition();
        log.info("db={} resuming generation at {}", path, position);
        continuity = Continuity.PROVEN;
    }

    /**
     * Copies whatever is committed; starts a new index when the WAL was restarted, or a new generation when
     * {@link Continuity} says so and {@code mayStartGeneration}.
     *
     * @return whether the position moved
     */
    boolean copy(boolean mayStartGeneration) throws IOException, SQLException {
        if (continuity instanceof Continuity.Broken broken) {
            return mayStartGeneration && startGeneration(broken.reason());
        }
        if (!hasHeader(walPath)) {
            // Truncated by a checkpoint, the next writer writes a new header; unless that cannot be proven.
            Optional<String> reason = continuity.whenWalRemoved();
            return reason.isPresent() && mayStartGeneration && startGeneration(reason.get());
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
            boolean restarted = !real.sameBytes(shadow.header());
            if (restarted) {
                Optional<String> reason = continuity.whenWalRestarted();
                if (reason.isPresent()) {
                    return mayStartGeneration && startGeneration(reason.get());
                }
                nextIndex(real);
            }
            long added = shadow.appendFrom(wal);
            stats.copied(added);
            if (restarted || added > 0) {
                setPosition();
                return true;
            }
            return false;
        }
    }

    private static boolean hasHeader(Path wal) throws IOException {
        return Files.exists(wal) && Files.size(wal) >= WalHeader.SIZE;
    }

    private void nextIndex(WalHeader real) throws IOException {
        // Create before moving on: if it fails (disk full), the next pass must retry this same index.
        ShadowWal next = ShadowWal.create(state.shadowPath(generation, index + 1), real, state.protection());
        shadow.close();
        shadow = next;
        index++;
        log.debug("db={} WAL restarted, new index {}", path, String.format("%08x", index));
    }

    /** Starts a generation under the write lock; returns false (retry next pass) if the lock stays busy. */
    private boolean startGeneration(String reason) throws IOException, SQLException {
        if (!hasHeader(walPath)) {
            locks.bumpSeq(); // committed before taking the lock: a generation needs a WAL header to start from
        }
        boolean started = locks.withWriteLock(() -> {
            try (FileChannel wal = FileChannel.open(walPath, StandardOpenOption.READ)) {
                WalHeader real = WalScanner.readHeader(Channels.newInputStream(new PositionedReader(wal, 0)));
                String gen = Generations.newName();
                if (shadow != null) {
                    shadow.close();
                }
                DurableFiles.createDirectories(state.shadowDir(gen), state.protection());
                shadow = ShadowWal.create(state.shadowPath(gen, 0), real, state.protection());
                stats.copied(shadow.appendFrom(wal));
                state.setCurrentGeneration(gen);
                generation = gen;
                index = 0;
                setPosition();
                continuity = Continuity.UNPROVEN; // until reader's read transaction is retaken
                log.info("db={} new generation {}: {}", path, gen, reason);
            }
            // Retake the read transaction under the write lock so that everything it can see is copied.
            locks.renewReaderRead();
            continuity = Continuity.PROVEN;
        });
        if (!started) {
            log.debug("db={} write lock busy, new generation deferred", path);
        }
        return started;
    }

    /** Under the write lock, copies everything committed, then starts a read transaction on {@code c} there. */
    void pinRead(Connection c) throws IOException, SQLException {
        boolean locked = locks.withWriteLock(() -> {
            if (!continuityProven()) {
                throw new IOException("db=" + path + ": WAL continuity not proven yet; try again after a sync");
            }
            copy(false);
            DatabaseLocks.beginForeignRead(c);
        });
        if (!locked) {
            throw new IOException("db=" + path + ": write lock busy for longer than busy-timeout; try again");
        }
    }

    /** The shadow WAL file for an index, for replicas to upload from. */
    Path shadowPath(String gen, long idx) {
        return state.shadowPath(gen, idx);
    }

    List<String> localGenerations() throws IOException {
        return state.localGenerations();
    }

    List<Long> shadowIndexes(String gen) throws IOException {
        return state.shadowIndexes(gen);
    }

    /** Removes shadow WAL files and old generations that every replica has uploaded. */
    void clean(List<Supplier<Optional<Pos>>> replicaProgress) throws IOException {
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

    /** Closes the shadow WAL file and releases the state directory's lock. */
    void close() {
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
