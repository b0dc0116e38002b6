package dev.replicator.replicate;

import dev.replicator.DaemonThreads;
import dev.replicator.Names;
import dev.replicator.control.RequestQueue;
import dev.replicator.db.Database;
import dev.replicator.replica.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a set of databases replicated: a sync per database on a WAL change or a tick, an upload per replica after
 * each sync that moved (no more often than its sync interval), retries with backoff, and a final sync and upload on
 * shutdown. Threads are shared and bounded, not one per database.
 */
public final class Replication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /**
     * Least time between two syncs of one database. The first change after a quiet spell syncs at once; an app
     * committing hundreds of times a second gets one pass per gap instead of one per commit (each pass fsyncs the
     * shadow WAL), which cut replicate's CPU per MB by 40% in bench/run's small workload.
     */
    private static final Duration SYNC_GAP = Duration.ofMillis(100);

    private final List<DatabasePlan> plans;
    private final Clock clock;
    private final boolean verbose;
    private final ScheduledThreadPoolExecutor syncPool = DaemonThreads.scheduledPool("sync", 2);
    private final ScheduledThreadPoolExecutor uploadPool = DaemonThreads.scheduledPool("upload", 4);
    private final ScheduledThreadPoolExecutor upkeepPool = DaemonThreads.scheduledPool("upkeep", 2);
    // Guarded by this; insertion order, so that metrics and shutdown list databases as configured.
    private final Map<Path, Unit> units = new LinkedHashMap<>();
    private WalWatcher watcher;
    private boolean stopping;

    /** One replicated database and what runs for it. */
    private static final class Unit {
        final DatabasePlan plan;
        final Database db;
        final List<Replica> replicas = new ArrayList<>();
        final List<Upkeep> upkeeps = new ArrayList<>();
        final List<CoalescingTask> replicaTasks = new ArrayList<>();
        final List<ScheduledFuture<?>> ticks = new ArrayList<>();
        volatile boolean stopped;

        Unit(DatabasePlan plan, Database db) {
            this.plan = plan;
            this.db = db;
            for (DatabasePlan.ReplicaPlan rp : plan.replicas()) {
                replicas.add(new Replica(rp.name(), db, rp.client(), rp.codec()));
            }
        }
    }

    public Replication(List<DatabasePlan> plans, Clock clock, boolean verbose) {
        this.plans = List.copyOf(plans);
        this.clock = clock;
        this.verbose = verbose;
    }

    public synchronized List<Database> databases() {
        return units.values().stream().map(u -> u.db).toList();
    }

    public synchronized List<Replica> replicas() {
        return units.values().stream().flatMap(u -> u.replicas.stream()).toList();
    }

    /** Each replica's scheduled and on-demand work (snapshots, retention, restore drills), after {@link #start}. */
    public synchronized List<Upkeep> upkeeps() {
        return units.values().stream().flatMap(u -> u.upkeeps.stream()).toList();
    }

    /** Whether {@code db} is being replicated. */
    public synchronized boolean replicates(Path db) {
        return units.containsKey(db.toAbsolutePath());
    }

    /**
     * Opens every database, syncs it and brings every replica up to date once, so that a wrong path, credentials or
     * bucket fails here, before anything runs in the background.
     */
    public void start() throws IOException {
        try {
            checkBeforeOpening();
            List<Unit> opened = new ArrayList<>();
            for (DatabasePlan plan : plans) {
                Unit unit = open(plan);
                opened.add(unit);
                synchronized (this) {
                    units.put(unit.db.path(), unit);
                }
            }
            ParallelCalls.runAll(opened.stream().flatMap(u -> u.replicas.stream()).map(ParallelCalls::upload).toList(), null);
            watcher = new WalWatcher();
            for (Unit unit : opened) {
                startLoops(unit, null);
            }
            watcher.start();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** The watcher of WAL and directory changes, after {@link #start}. */
    WalWatcher watcher() {
        return watcher;
    }

    private Unit open(DatabasePlan plan) throws IOException {
        Database db = new Database(plan.settings(), clock);
        db.open();
        try {
            db.sync();
            return new Unit(plan, db);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * Starts replicating a database while running (one found in a {@code dir:}): opens and syncs it here, then its
     * replicas catch up in the background. Call after {@link #start}.
     *
     * @param onMissing called (instead of a sync) when the database file no longer exists
     * @return whether it was added (false while shutting down or if it is replicated already)
     */
    public boolean add(DatabasePlan plan, Runnable onMissing) throws IOException {
        synchronized (this) {
            if (stopping || units.containsKey(plan.settings().path().toAbsolutePath())) {
                return false;
            }
        }
        Unit unit = open(plan);
        if (!register(unit, onMissing)) {
            return false;
        }
        unit.replicaTasks.forEach(CoalescingTask::request);
        return true;
    }

    /**
     * {@link #add}s several databases, then brings their replicas up to date in parallel (bounded), as {@link #start}
     * does: for the databases found at start-up.
     *
     * @return the databases that could not be opened, with why; a failed upload is logged and retried in the background
     */
    public Map<Path, Exception> addAll(List<DatabasePlan> plans, Runnable onMissing) throws IOException {
        Map<Path, Exception> failed = new LinkedHashMap<>();
        List<Unit> opened = new ArrayList<>();
        for (DatabasePlan plan : plans) {
            try {
                opened.add(open(plan));
            } catch (IOException | RuntimeException e) {
                failed.put(plan.settings().path(), e);
            }
        }
        try {
            ParallelCalls.runAll(opened.stream().flatMap(u -> u.replicas.stream()).map(ParallelCalls::upload).toList(), null);
        } catch (IOException e) {
            log.warn("first upload of a database found at start failed, will retry: {}", e.getMessage());
        }
        // Ticks start once all are open and uploaded, so that they do not compete with the opening of the rest.
        for (Unit unit : opened) {
            if (register(unit, onMissing)) {
                unit.replicaTasks.forEach(CoalescingTask::request);
            }
        }
        return failed;
    }

    private boolean register(Unit unit, Runnable onMissing) throws IOException {
        synchronized (this) {
            if (stopping || units.containsKey(unit.db.path())) {
                unit.db.release(); // closing the last connection would checkpoint the WAL away (T4)
                return false;
            }
            units.put(unit.db.path(), unit);
        }
        startLoops(unit, onMissing);
        return true;
    }

    /**
     * Stops replicating a database whose file is gone: its ticks stop, each replica gets one last upload of what was
     * copied, and its connections, files and state lock are released.
     */
    public void remove(Path path) {
        Unit unit;
        synchronized (this) {
            unit = units.remove(path.toAbsolutePath());
        }
        if (unit == null) {
            return;
        }
        unit.stopped = true;
        unit.ticks.forEach(f -> f.cancel(false));
        watcher.unwatch(unit.db.path());
        for (Replica r : unit.replicas) {
            try {
                r.sync();
            } catch (IOException | RuntimeException e) {
                log.warn("db={} replica={} last upload before stopping failed: {}", unit.db.path(),
                        Names.quoted(r.name()),
                        e.getMessage());
            }
        }
        unit.db.close();
    }

    /**
     * Fails on a missing database, or an unreachable endpoint, wrong credentials or a missing bucket, before any
     * database is opened: opening one creates its state directory and a table in it, and a run that cannot
     * replicate should leave both as they were.
     */
    private void checkBeforeOpening() throws IOException {
        for (DatabasePlan plan : plans) {
            Database.requireExists(plan.settings().path());
        }
        ParallelCalls.runAll(plans.stream().flatMap(p -> p.replicas().stream())
                .map(rp -> (ParallelCalls.Call) rp.client()::generations).toList(), null);
    }

    /** A sync on each WAL change and tick, an upload per replica after each sync that moved, and the upkeep tick. */
    private void startLoops(Unit unit, Runnable onMissing) throws IOException {
        Database db = unit.db;
        for (int i = 0; i < unit.replicas.size(); i++) {
            unit.replicaTasks.add(replicaTask(unit, unit.replicas.get(i), unit.plan.replicas().get(i).syncInterval()));
        }
        FailureLog failures = new FailureLog(log, "sync of db=" + db.path());
        CoalescingTask dbTask = new CoalescingTask(syncPool, SYNC_GAP, LogContext.of(db.path(), null, () -> {
            if (unit.stopped) {
                return;
            }
            if (onMissing != null && !Files.exists(db.path())) {
                onMissing.run();
                return;
            }
            try {
                if (db.sync()) {
                    unit.replicaTasks.forEach(CoalescingTask::request);
                }
                failures.succeeded();
            } catch (Exception e) {
                failures.failed(e, verbose);
            }
        }));
        long tick = unit.plan.monitorInterval().toMillis();
        unit.ticks.add(syncPool.scheduleWithFixedDelay(dbTask::request, tick, tick, TimeUnit.MILLISECONDS));
        watcher.watch(db.path(), dbTask::request);

        for (int i = 0; i < unit.replicas.size(); i++) {
            unit.upkeeps.add(new Upkeep(db, unit.replicas.get(i), unit.plan.replicas().get(i).schedule(), clock,
                    verbose));
        }
        Maintenance maintenance = new Maintenance(db, unit.upkeeps, RequestQueue.of(db.path()), verbose);
        CoalescingTask upkeepTask = new CoalescingTask(upkeepPool, Duration.ZERO, () -> {
            if (!unit.stopped) {
                maintenance.run();
            }
        });
        unit.ticks.add(upkeepPool.scheduleWithFixedDelay(upkeepTask::request, tick, tick, TimeUnit.MILLISECONDS));
    }

    private CoalescingTask replicaTask(Unit unit, Replica replica, Duration syncInterval) {
        FailureLog failures = new FailureLog(log, "upload of db=" + replica.database().path() + " to replica="
                + replica.name() + " (" + replica.client().location() + ")");
        CoalescingTask[] self = new CoalescingTask[1];
        Runnable upload = () -> {
            if (unit.stopped) {
                return;
            }
            try {
                replica.sync();
                failures.succeeded();
            } catch (Exception e) {
                failures.failed(e, verbose);
                long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(5, failures.consecutiveFailures() - 1));
                self[0].requestAfter(Duration.ofSeconds(seconds));
            }
        };
        self[0] = new CoalescingTask(uploadPool, syncInterval,
                LogContext.of(replica.database().path(), replica.name(), upload));
        return self[0];
    }

    /**
     * Stops the background work, then syncs every database and uploads to every replica one last time (T8), bounded
     * by {@code timeout}.
     *
     * @return whether every replica holds everything that was committed before the call
     */
    public boolean shutdown(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Database> databases;
        List<Replica> replicas;
        synchronized (this) {
            stopping = true;
            databases = units.values().stream().map(u -> u.db).toList();
            replicas = units.values().stream().flatMap(u -> u.replicas.stream()).toList();
        }
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            log.debug("closing WAL watcher: {}", e.getMessage());
        }
        upkeepPool.shutdownNow(); // a drill or snapshot in progress must not eat the final sync's time
        syncPool.shutdown();
        uploadPool.shutdown();
        awaitQuietly(syncPool, deadline);
        awaitQuietly(uploadPool, deadline);
        boolean ok = true;
        for (Database db : databases) {
            try (LogContext ignored = LogContext.enter(db.path(), null)) {
                db.finalSync();
            } catch (IOException | RuntimeException e) {
                ok = false;
                log.error("final sync of db={} failed: {}", db.path(), e.getMessage());
            }
        }
        try {
            ParallelCalls.runAll(replicas.stream().map(ParallelCalls::upload).toList(), deadline);
        } catch (IOException | RuntimeException e) {
            ok = false;
            log.error("final upload failed: {}", e.getMessage());
        }
        for (Replica r : replicas) {
            if (!r.caughtUp()) {
                ok = false;
                log.error("db={} replica={} is not up to date after shutdown: uploaded {} of {}",
                        r.database().path(), Names.quoted(r.name()),
                                r.uploaded().map(Object::toString).orElse("nothing"),
                        r.database().position().map(Object::toString).orElse("?"));
            } else {
                log.info("db={} replica={} up to date at {}", r.database().path(), Names.quoted(r.name()),
                        r.uploaded().map(Object::toString).orElse("-"));
            }
        }
        databases.forEach(Database::release);
        return ok;
    }

    private static void awaitQuietly(ScheduledThreadPoolExecutor pool, long deadlineNanos) {
        try {
            pool.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void abandon() {
        upkeepPool.shutdownNow();
        syncPool.shutdownNow();
        uploadPool.shutdownNow();
        List<Database> databases;
        synchronized (this) {
            stopping = true;
            databases = units.values().stream().map(u -> u.db).toList();
        }
        databases.forEach(Database::close);
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing WAL watcher: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        abandon();
    }
}
