package dev.replicator.replicate;

import dev.replicator.Names;
import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.db.Database;
import dev.replicator.replica.Replica;
import dev.replicator.replica.TakenSnapshot;
import dev.replicator.retention.Retention;
import dev.replicator.retention.RetentionPlan;
import dev.replicator.verify.Verifier;
import dev.replicator.verify.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One replica's work besides uploading WAL: snapshots every {@code snapshot-interval} when the database changed,
 * retention every {@code retention-check-interval}, restore drills every {@code verify-interval}, and snapshots or
 * drills on request. Every time comes from the injected clock. Runs on one thread at a time (its database's
 * {@link Maintenance}); the last results are readable from any thread.
 */
public final class Upkeep {

    private static final Logger log = LoggerFactory.getLogger(Upkeep.class);
    private static final Duration RETRY = Duration.ofMinutes(1);

    private final Replica replica;
    private final Database db;
    private final ReplicaSchedule schedule;
    private final Clock clock;
    private final Verifier verifier;
    private final FailureLog snapshotFailures;
    private final FailureLog retentionFailures;
    private final boolean verbose;

    private volatile boolean started;
    private Instant nextSnapshot;
    private Instant nextRetention;
    private Instant nextVerify;
    private TakenSnapshot seen;
    private Optional<Pos> positionAtSnapshot = Optional.empty();
    private volatile VerifyResult lastVerify;
    private volatile Instant lastRetention;

    Upkeep(Database db, Replica replica, ReplicaSchedule schedule, Clock clock, boolean verbose) {
        this.replica = replica;
        this.db = db;
        this.schedule = schedule;
        this.clock = clock;
        this.verbose = verbose;
        this.verifier = new Verifier(clock);
        String subject = "db=" + db.path() + " replica=" + Names.quoted(replica.name());
        this.snapshotFailures = new FailureLog(log, "scheduled snapshot of " + subject);
        this.retentionFailures = new FailureLog(log, "retention of " + subject);
    }

    public Replica replica() {
        return replica;
    }

    public ReplicaSchedule schedule() {
        return schedule;
    }

    /** The last restore drill's result (scheduled or requested), for metrics. */
    public Optional<VerifyResult> lastVerify() {
        return Optional.ofNullable(lastVerify);
    }

    /** When retention last ran to completion. */
    public Optional<Instant> lastRetention() {
        return Optional.ofNullable(lastRetention);
    }

    /** Whether the schedule is anchored: its intervals count from the clock's time at this replica's first upload. */
    boolean started() {
        return started;
    }

    /** Runs whatever is due; failures are logged and retried later. */
    void runDue() {
        Optional<Pos> position = db.position();
        Optional<Pos> uploaded = replica.uploaded();
        if (position.isEmpty() || uploaded.isEmpty()
                || !uploaded.get().generation().equals(position.get().generation())) {
            return; // not replicating this generation yet: its first snapshot is on its way
        }
        Instant now = clock.instant();
        if (!started) {
            start(now, position.get());
        }
        if (schedule.snapshotInterval().isPresent()) {
            snapshotIfDue(now, schedule.snapshotInterval().get());
        }
        if (!now.isBefore(nextRetention)) {
            enforceRetention(now);
        }
        if (nextVerify != null && !now.isBefore(nextVerify)) {
            nextVerify = now.plus(schedule.verifyInterval().orElseThrow());
            verifyNow();
        }
    }

    private void start(Instant now, Pos position) {
        started = true;
        nextRetention = now.plus(schedule.retentionCheckInterval());
        nextVerify = schedule.verifyInterval().map(now::plus).orElse(null);
        if (schedule.snapshotInterval().isEmpty()) {
            return;
        }
        Duration interval = schedule.snapshotInterval().get();
        nextSnapshot = now;
        try {
            lastStoredSnapshot(position).ifPresent(s -> nextSnapshot = s.createdAt().plus(interval));
        } catch (IOException e) {
            log.warn("db={} replica={} cannot list snapshots, taking one now: {}", db.path(),
                    Names.quoted(replica.name()),
                    e.getMessage());
        }
    }

    /**
     * The newest snapshot of the current generation, listed once at start-up; whether the database changed since is
     * judged by the WAL stored after it.
     */
    private Optional<SnapshotInfo> lastStoredSnapshot(Pos position) throws IOException {
        Optional<TakenSnapshot> taken = replica.lastSnapshot();
        if (taken.isPresent()) {
            seen = taken.get();
            positionAtSnapshot = seen.dbPosition();
            return Optional.of(seen.info());
        }
        List<SnapshotInfo> snapshots = replica.client().snapshots(position.generation());
        Optional<SnapshotInfo> newest = snapshots.stream().max(Comparator.comparing(SnapshotInfo::createdAt));
        if (newest.isPresent()) {
            List<SegmentInfo> segments = replica.client().walSegments(position.generation());
            boolean changedSince = segments.stream().anyMatch(s -> s.createdAt().isAfter(newest.get().createdAt()));
            positionAtSnapshot = changedSince ? Optional.empty() : Optional.of(position);
        }
        return newest;
    }

    private void snapshotIfDue(Instant now, Duration interval) {
        Optional<TakenSnapshot> taken = replica.lastSnapshot();
        if (taken.isPresent() && !taken.get().equals(seen)) { // taken meanwhile (a new generation, a request)
            seen = taken.get();
            positionAtSnapshot = seen.dbPosition();
            nextSnapshot = now.plus(interval);
        }
        if (now.isBefore(nextSnapshot)) {
            return;
        }
        if (positionAtSnapshot.isPresent() && positionAtSnapshot.equals(db.position())) {
            log.debug("db={} replica={} unchanged since the last snapshot, skipping this one", db.path(),
                    Names.quoted(replica.name()));
            nextSnapshot = now.plus(interval);
            return;
        }
        try {
            replica.snapshot();
            seen = replica.lastSnapshot().orElseThrow();
            positionAtSnapshot = seen.dbPosition();
            nextSnapshot = now.plus(interval);
            snapshotFailures.succeeded();
        } catch (IOException | RuntimeException e) {
            nextSnapshot = now.plus(interval.compareTo(RETRY) < 0 ? interval : RETRY);
            snapshotFailures.failed(e, verbose);
        }
    }

    private void enforceRetention(Instant now) {
        nextRetention = now.plus(schedule.retentionCheckInterval());
        Set<String> writing = new HashSet<>();
        db.position().ifPresent(p -> writing.add(p.generation()));
        replica.uploaded().ifPresent(p -> writing.add(p.generation()));
        try {
            RetentionPlan plan = Retention.enforce(replica.client(), schedule.retention(), writing, now);
            lastRetention = now;
            retentionFailures.succeeded();
            if (plan.deletesNothing()) {
                log.debug("db={} replica={} retention: nothing to delete", db.path(), Names.quoted(replica.name()));
            } else {
                log.info("db={} replica={} retention: deleted {} snapshots, {} WAL segments and {} generations; "
                                + "{} snapshots kept", db.path(), Names.quoted(replica.name()),
                                plan.deleteSnapshots().size(),
                        plan.deleteSegments().size(), plan.deleteGenerations().size(), plan.keptSnapshots().size());
            }
        } catch (IOException | RuntimeException e) {
            nextRetention = now.plus(RETRY);
            retentionFailures.failed(e, verbose);
        }
    }

    /**
     * Takes and uploads a snapshot now, then the WAL it needs; if the database did not change since the last
     * snapshot this process took, that one is the answer.
     */
    public SnapshotInfo snapshotNow() throws IOException {
        db.sync();
        replica.sync();
        Optional<TakenSnapshot> last = replica.lastSnapshot();
        if (last.isEmpty() || !last.get().dbPosition().equals(db.position())) {
            replica.snapshot();
        }
        replica.sync();
        return replica.lastSnapshot().orElseThrow().info();
    }

    /** Runs a restore drill now and remembers its result. */
    public VerifyResult verifyNow() {
        VerifyResult result = verifier.verify(db, replica);
        lastVerify = result;
        replica.stats().verified(result.at().plus(result.took()), result.ok());
        return result;
    }
}
