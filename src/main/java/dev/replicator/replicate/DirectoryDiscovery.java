package dev.replicator.replicate;

import dev.replicator.DaemonThreads;
import dev.replicator.config.DirConfig;
import dev.replicator.db.OpenFiles;
import dev.replicator.replica.ReplicaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Keeps the databases of {@code dir:} entries replicated: finds them at start, picks up new ones while running (a
 * watch on each directory wakes a rescan; a rescan every {@link #RESCAN} is the truth), and stops replicating one
 * whose file is gone. All of it runs on one thread, whatever the number of databases.
 */
public final class DirectoryDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryDiscovery.class);
    static final Duration RESCAN = Duration.ofSeconds(5);
    // A file being created or copied in is left alone until it has been still for this long.
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(10);
    private static final String NO_DESCRIPTORS = "no file descriptors left";

    /**
     * One {@code dir:} entry and how to build the plan of a database found under it.
     *
     * @param roots the entry's replicas at their configured roots, to check that they can be reached
     */
    public record Entry(DirConfig dir, Function<Path, DatabasePlan> planFor, List<ReplicaClient> roots) {
    }

    private record Failure(String message, long retryAtNanos) {
    }

    private final List<Entry> entries;
    private final Set<Path> configured;
    private final Replication replication;
    private final boolean verbose;
    private final ScheduledThreadPoolExecutor thread = DaemonThreads.scheduledPool("discovery", 1);
    private final CoalescingTask rescan;
    // Only touched on the discovery thread (and by start, before that thread runs anything).
    private final Map<Path, Entry> owners = new HashMap<>();
    private final Map<Path, Long> candidatesSince = new HashMap<>();
    private final Map<Path, Failure> failures = new HashMap<>();
    private final Set<Path> missingDirs = new LinkedHashSet<>();

    /**
     * @param configured databases listed by their own {@code path:} entry, which discovery leaves to that entry
     */
    public DirectoryDiscovery(List<Entry> entries, Set<Path> configured, Replication replication, boolean verbose) {
        this.entries = List.copyOf(entries);
        this.configured = Set.copyOf(configured);
        this.replication = replication;
        this.verbose = verbose;
        this.rescan = new CoalescingTask(thread, Duration.ofMillis(250), this::rescanQuietly);
    }

    /** Fails with a one-line message if a {@code dir} does not exist; call before replication starts. */
    public void check() throws IOException {
        for (Entry e : entries) {
            if (!Files.isDirectory(e.dir().dir())) {
                throw new NoSuchFileException(e.dir().dir().toString(), null, Files.exists(e.dir().dir())
                        ? "dir is not a directory: fix dir in the config"
                        : "dir does not exist: create it, or fix dir in the config");
            }
        }
    }

    /**
     * Adds every database there is now, waits for their first upload, then watches for more. Call after
     * {@link Replication#start}. A database that cannot be opened is logged and tried again later.
     */
    public void start() throws IOException {
        check();
        for (Entry e : entries) {
            for (ReplicaClient root : e.roots()) {
                try {
                    root.generations(); // wrong credentials or a missing bucket fail here, not per database later
                } catch (IOException ex) {
                    throw new IOException("dir=" + e.dir().dir() + " replica " + root.location() + ": "
                            + ex.getMessage(), ex);
                }
            }
        }
        List<DatabasePlan> found = new ArrayList<>();
        for (Entry e : entries) {
            for (Path db : DatabaseFinder.scan(e.dir(), this::isNewDatabase).databases()) {
                if (claim(db, e)) {
                    found.add(e.planFor().apply(db));
                }
            }
        }
        OpenFiles.tooFewFor(found.size() + replication.databases().size()).ifPresent(log::warn);
        long room = OpenFiles.headroom().orElse(Long.MAX_VALUE);
        if (found.size() > room) {
            List<DatabasePlan> waiting = found.subList((int) room, found.size());
            log.warn("replicating the first {} databases found; {} more wait until there are file descriptors for them",
                    room, waiting.size());
            for (DatabasePlan p : waiting) {
                owners.remove(p.settings().path());
                failures.put(p.settings().path(), new Failure(NO_DESCRIPTORS, System.nanoTime() + RETRY.toNanos()));
            }
            found = new ArrayList<>(found.subList(0, (int) room));
        }
        Map<Path, Exception> failed = replication.addAll(found, this::requestRescan);
        failed.forEach(this::failed);
        for (DatabasePlan p : found) {
            if (!failed.containsKey(p.settings().path())) {
                log.info("db={} found in dir={}: replicating", p.settings().path(), owners.get(p.settings().path())
                        .dir().dir());
            } else {
                owners.remove(p.settings().path());
            }
        }
        thread.execute(this::rescanQuietly); // registers the watches
        thread.scheduleWithFixedDelay(rescan::request, RESCAN.toMillis(), RESCAN.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a rescan soon; cheap, callable from any thread. */
    public void requestRescan() {
        rescan.request();
    }

    private boolean claim(Path db, Entry e) {
        Path p = db.toAbsolutePath().normalize();
        if (configured.contains(p) || owners.containsKey(p) || replication.replicates(p)) {
            return false;
        }
        for (Entry earlier : entries) {
            if (earlier == e) {
                break;
            }
            if (DatabaseFinder.covers(earlier.dir(), p)) {
                return false; // the first entry that covers a database owns it
            }
        }
        owners.put(p, e);
        return true;
    }

    private void rescanQuietly() {
        try {
            rescanNow();
        } catch (RuntimeException e) {
            log.warn("directory rescan failed, will retry: {}", e.toString(), verbose ? e : null);
        }
    }

    private void rescanNow() {
        long now = System.nanoTime();
        Set<Path> present = new LinkedHashSet<>();
        for (Entry e : entries) {
            DatabaseFinder.Scan scan;
            try {
                scan = DatabaseFinder.scan(e.dir(), p -> owners.containsKey(p) || isNewDatabase(p));
                if (missingDirs.remove(e.dir().dir())) {
                    log.info("dir={} is back", e.dir().dir());
                }
            } catch (IOException ex) {
                if (missingDirs.add(e.dir().dir())) {
                    log.warn("dir={} cannot be scanned: {}; its databases stop being replicated until it is back",
                            e.dir().dir(), ex.getMessage());
                }
                continue;
            }
            if (e.dir().watch()) {
                watch(scan.directories());
            }
            present.addAll(scan.databases());
            if (e.dir().watch()) {
                for (Path db : scan.databases()) {
                    maybeAdd(db, e, now);
                }
            }
        }
        for (Path db : List.copyOf(owners.keySet())) {
            if (!present.contains(db) && !Files.exists(db)) {
                owners.remove(db);
                replication.remove(db);
                log.info("db={} was deleted: stopped replicating it (its state directory stays; replication resumes in"
                        + " a new generation if it comes back)", db);
            }
        }
        candidatesSince.keySet().removeIf(p -> !present.contains(p));
        failures.keySet().removeIf(p -> !Files.exists(p));
    }

    private void maybeAdd(Path db, Entry e, long now) {
        if (owners.containsKey(db) || configured.contains(db)) {
            return;
        }
        Failure f = failures.get(db);
        if (f != null && now - f.retryAtNanos() < 0) {
            return;
        }
        if (OpenFiles.headroom().orElse(1) < 1) {
            if (failures.put(db, new Failure(NO_DESCRIPTORS, now + RETRY.toNanos())) == null
                    && failures.values().stream().filter(x -> x.message().equals(NO_DESCRIPTORS)).count() == 1) {
                OpenFiles.exhausted().ifPresent(why -> log.warn("db={} found but cannot be replicated yet: {}", db, why));
            }
            return;
        }
        if (!settled(db, now)) {
            rescan.requestAfter(SETTLE);
            return;
        }
        if (!claim(db, e)) {
            return;
        }
        try {
            if (replication.add(e.planFor().apply(db), this::requestRescan)) {
                log.info("db={} found in dir={}: replicating", db, e.dir().dir());
                failures.remove(db);
                candidatesSince.remove(db);
            } else {
                owners.remove(db);
            }
        } catch (IOException | RuntimeException ex) {
            owners.remove(db);
            failed(db, ex);
        }
    }

    // Still for SETTLE, or a candidate for long enough that it is being written all the time (rollback journal mode).
    private boolean settled(Path db, long now) {
        long since = candidatesSince.computeIfAbsent(db, p -> now);
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(db).toMillis();
            return age >= SETTLE.toMillis() || now - since >= RESCAN.toNanos();
        } catch (IOException ex) {
            return false;
        }
    }

    private void failed(Path db, Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Failure previous = failures.put(db, new Failure(message, System.nanoTime() + RETRY.toNanos()));
        if (previous == null || !previous.message().equals(message)) {
            log.warn("db={} found but cannot be replicated yet, will retry every {}s: {}", db, RETRY.toSeconds(),
                    message);
        }
    }

    private boolean isNewDatabase(Path db) {
        return DatabaseFinder.isDatabase(db);
    }

    private void watch(List<Path> directories) {
        WalWatcher watcher = replication.watcher();
        for (Path d : directories) {
            if (!watcher.watchesDirectory(d)) {
                try {
                    watcher.watchDirectory(d, changed -> rescan.request());
                } catch (IOException e) {
                    log.debug("cannot watch {} ({}); the rescan every {}s finds its databases", d, e.getMessage(),
                            RESCAN.toSeconds());
                }
            }
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
