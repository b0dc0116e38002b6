package dev.replicator.verify;

import dev.replicator.DurableFiles;
import dev.replicator.FileProtection;
import dev.replicator.Names;
import dev.replicator.Pos;
import dev.replicator.db.Database;
import dev.replicator.db.StateDir;
import dev.replicator.replica.Replica;
import dev.replicator.restore.PlanApplier;
import dev.replicator.restore.Progress;
import dev.replicator.restore.RestorePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A restore drill: restores a replica's latest point into a scratch file and compares it, page by page, with the
 * live database at the same WAL position.
 *
 * <p>How the two sides meet at one position: under the write lock (held only to copy the WAL tail) the database
 * copies everything committed and a read transaction is started on a connection of our own, so it sees exactly
 * position P; holding the replica's lock, the replica then uploads up to exactly P, so that a segment ends there.
 * SQLite's backup API copies what the read transaction sees (P) into a scratch file; the replica's snapshot and
 * segments up to P are restored (PRAGMA integrity_check included) into another, and the two files must hold the
 * same pages. Both copies live in the state directory, on the database's filesystem.
 */
public final class Verifier {

    private static final Logger log = LoggerFactory.getLogger(Verifier.class);
    private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);

    private final Clock clock;

    public Verifier(Clock clock) {
        this.clock = clock;
    }

    /** Runs the drill; never throws: every failure is a result that says what was wrong. */
    public VerifyResult verify(Database db, Replica replica) {
        if (replica.database() != db) {
            throw new IllegalArgumentException("replica " + replica.name() + " does not ship " + db.path());
        }
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Path dir = StateDir.pathFor(db.path()).resolve("verify");
        Path restored = dir.resolve(replica.name() + "-restored.db");
        Path live = dir.resolve(replica.name() + "-live.db");
        Optional<Pos> pos = Optional.empty();
        try {
            FileProtection protection = FileProtection.of(db.path());
            DurableFiles.createDirectories(dir, protection);
            pos = Optional.of(copyLive(db, replica, live, protection));
            RestorePlan plan = PositionPlan.upTo(replica.client(), pos.get());
            PositionPlan.requireEndsAt(replica.client(), replica.codec(), plan, pos.get());
            Files.deleteIfExists(restored);
            new PlanApplier(replica.client(), replica.codec(), 4, Progress.silent()).apply(plan, restored,
                    protection);
            Optional<String> difference = PageComparison.firstDifference(restored, live);
            if (difference.isPresent()) {
                return result(replica, false, pos, "restored " + pos.get() + " from " + replica.client().location()
                        + " but " + difference.get() + " from the live database: the replica does not restore to "
                        + "what the database holds; take a new snapshot with 'replicator snapshot' and report this",
                        started, t0);
            }
            return result(replica, true, pos, "restored " + pos.get() + " from " + replica.client().location()
                    + " (snapshot " + String.format("%08x", plan.snapshot().index()) + ", " + plan.segmentCount()
                    + " WAL segments): integrity_check ok, " + PageComparison.pages(live)
                    + " pages identical to the live database", started, t0);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return result(replica, false, pos, message, started, t0);
        } finally {
            deleteQuietly(restored);
            deleteQuietly(live);
        }
    }

    /** Pins the live database at the position the replica then holds exactly, and copies it. */
    private static Pos copyLive(Database db, Replica replica, Path out, FileProtection protection)
            throws IOException {
        db.sync();
        replica.sync(); // catches up first, a new generation's snapshot included
        try (Connection c = LiveDatabase.open(db.path(), BUSY_TIMEOUT)) {
            Pos pos;
            try {
                synchronized (replica) { // no upload may end past the pinned position meanwhile
                    pos = db.pinRead(c);
                    replica.syncTo(pos);
                }
                LiveDatabase.copy(c, out, protection);
            } finally {
                LiveDatabase.endRead(c);
            }
            return pos;
        } catch (SQLException e) {
            throw new IOException("db=" + db.path() + ": " + e.getMessage(), e);
        }
    }

    private VerifyResult result(Replica replica, boolean ok, Optional<Pos> pos, String message, Instant started,
                                long t0) {
        VerifyResult r = new VerifyResult(replica.database().path().toString(), replica.name(), ok, pos, message,
                started, Duration.ofNanos(System.nanoTime() - t0));
        if (ok) {
            log.info("db={} replica={} verify ok: {} ({} ms)", r.db(), Names.quoted(r.replica()), message,
                    r.took().toMillis());
        } else {
            log.warn("db={} replica={} verify FAILED: {}", r.db(), Names.quoted(r.replica()), message);
        }
        return r;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            log.debug("cannot delete {}: {}", p, e.getMessage());
        }
    }
}
