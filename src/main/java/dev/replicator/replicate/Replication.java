package dev.replicator.replicate;

import dev.replicator.control.RequestQueue;
import dev.replicator.db.Database;
import dev.replicator.replica.Replica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps a set of databases replicated: a sync per database on a WAL change or a tick, an upload per replica after
 * each sync that moved (no more often than its sync interval), retries with backoff, and a final sync and upload on
 * shutdown. Threads are shared and bounded, not one per database.
 */
public final class Replication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replication.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final List<DatabasePlan> plans;
    private final Clock clock;
    private final boolean verbose;
    private final ScheduledThreadPoolExecutor syncPool = NamedThreads.pool("sync", 2);
    private final ScheduledThreadPoolExecutor uploadPool = NamedThreads.pool("upload", 4);
    private final ScheduledThreadPoolExecutor upkeepPool = NamedThreads.pool("upkeep", 2);
    private final List<Upkeep> upkeeps = new ArrayList<>();
    private final List<Database> databases = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private final List<CoalescingTask> replicaTasks = new ArrayList<>();
    private WalWatcher watcher;

    public Replication(List<DatabasePlan> plans, Clock clock, boolean verbose) {
        this.plans = List.copyOf(plans);
        this.clock = clock;
        this.verbose = verbose;
    }

    public List<Database> databases() {
        return List.copyOf(databases);
    }

    public List<Replica> replicas() {
        return List.copyOf(replicas);
    }

    /** Each replica's scheduled and on-demand work (snapshots, retention, restore drills), after {@link #start}. */
    public List<Upkeep> upkeeps() {
        return List.copyOf(upkeeps);
    }

    /**
     * Opens every database, syncs it and brings every replica up to date once, so that a wrong path, credentials or
     * bucket fails here, before anything runs in the background.
     */
    public void start() throws IOException {
        try {
            checkBeforeOpening();
            for (DatabasePlan plan : plans) {
                Database db = new Database(plan.settings(), clock);
                db.open();
                databases.add(db);
                db.sync();
                for (DatabasePlan.ReplicaPlan rp : plan.replicas()) {
                    replicas.add(new Replica(rp.name(), db, rp.client(), rp.codec()));
                }
            }
            runAll(replicas.stream().map(Replication::upload).toList(), null);
            startLoops();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
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
        runAll(plans.stream().flatMap(p -> p.replicas().stream())
                .map(rp -> (Callable) rp.client()::generations).toList(), null);
    }

    private void startLoops() throws IOException {
        watcher = new WalWatcher();
        int r = 0;
        for (int i = 0; i < plans.size(); i++) {
            DatabasePlan plan = plans.get(i);
            Database db = databases.get(i);
            List<CoalescingTask> dbReplicaTasks = new ArrayList<>();
            for (DatabasePlan.ReplicaPlan rp : plan.replicas()) {
                dbReplicaTasks.add(replicaTask(replicas.get(r++), rp.syncInterval()));
            }
            replicaTasks.addAll(dbReplicaTasks);
            FailureLog failures = new FailureLog(log, "sync of db=" + db.path());
            CoalescingTask dbTask = new CoalescingTask(syncPool, Duration.ZERO, LogContext.of(db.path(), null, () -> {
                try {
                    if (db.sync()) {
                        dbReplicaTasks.forEach(CoalescingTask::request);
                    }
                    failures.succeeded();
                } catch (Exception e) {
                    failures.failed(e, verbose);
                }
            }));
            long tick = plan.monitorInterval().toMillis();
            syncPool.scheduleWithFixedDelay(dbTask::request, tick, tick, TimeUnit.MILLISECONDS);
            watcher.watch(db.path(), dbTask::request);
        }
        startUpkeep();
        watcher.start();
    }

    /** Per database, a tick (each monitor interval) that answers requests and runs each replica's due work. */
    private void startUpkeep() {
        int r = 0;
        for (int i = 0; i < plans.size(); i++) {
            DatabasePlan plan = plans.get(i);
            List<Upkeep> dbUpkeeps = new ArrayList<>();
            for (DatabasePlan.ReplicaPlan rp : plan.replicas()) {
                dbUpkeeps.add(new Upkeep(replicas.get(r++), rp.schedule(), clock, verbose));
            }
            upkeeps.addAll(dbUpkeeps);
            Database db = databases.get(i);
            Maintenance maintenance = new Maintenance(db, dbUpkeeps, RequestQueue.of(db.path()), verbose);
            CoalescingTask task = new CoalescingTask(upkeepPool, Duration.ZERO, maintenance::run);
            long tick = plan.monitorInterval().toMillis();
            upkeepPool.scheduleWithFixedDelay(task::request, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    private CoalescingTask replicaTask(Replica replica, Duration syncInterval) {
        FailureLog failures = new FailureLog(log, "upload of db=" + replica.database().path() + " to replica="
                + replica.name() + " (" + replica.client().location() + ")");
        CoalescingTask[] self = new CoalescingTask[1];
        Runnable upload = () -> {
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
            try {
                db.sync();
            } catch (IOException | RuntimeException e) {
                ok = false;
                log.error("final sync of db={} failed: {}", db.path(), e.getMessage());
            }
        }
        try {
            runAll(replicas.stream().map(Replication::upload).toList(), deadline);
        } catch (IOException | RuntimeException e) {
            ok = false;
            log.error("final upload failed: {}", e.getMessage());
        }
        for (Replica r : replicas) {
            if (!r.caughtUp()) {
                ok = false;
                log.error("db={} replica={} is not up to date after shutdown: uploaded {} of {}",
                        r.database().path(), r.name(), r.uploaded().map(Object::toString).orElse("nothing"),
                        r.database().position().map(Object::toString).orElse("?"));
            } else {
                log.info("db={} replica={} up to date at {}", r.database().path(), r.name(),
                        r.uploaded().map(Object::toString).orElse("-"));
            }
        }
        databases.forEach(Database::release);
        return ok;
    }

    @FunctionalInterface
    private interface Callable {
        Object call() throws Exception;
    }

    /** A replica's sync whose failure names the database and the replica. */
    private static Callable upload(Replica r) {
        return () -> {
            try {
                return r.sync();
            } catch (IOException | RuntimeException e) {
                throw new IOException("db=" + r.database().path() + " replica=" + r.name() + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            }
        };
    }

    /** Runs the calls in parallel; rethrows the first failure as a one-line IOException. */
    private void runAll(List<Callable> calls, Long deadlineNanos) throws IOException {
        if (calls.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, calls.size()), r -> {
            Thread t = new Thread(r, "replica-sync");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable c : calls) {
                futures.add(pool.submit(c::call));
            }
            IOException first = null;
            for (Future<Object> f : futures) {
                try {
                    if (deadlineNanos == null) {
                        f.get();
                    } else {
                        f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (first == null) {
                        first = cause instanceof IOException io ? io
                                : new IOException(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
                    }
                } catch (TimeoutException e) {
                    if (first == null) {
                        first = new IOException("timed out: raise the shutdown timeout or check the storage");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
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
        databases.forEach(Database::close);
    }

    @Override
    public void close() {
        abandon();
    }
}
