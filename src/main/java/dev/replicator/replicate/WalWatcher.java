package dev.replicator.replicate;

import dev.replicator.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Wakes a database's sync when its WAL changes, and tells directory discovery about other files appearing, changing
 * or going away in the directories it looks at. One watch per directory, however many databases it holds. Only a hint
 * that lowers latency: a lost or overflowed event costs at most one monitor interval (or rescan), because the fallback
 * ticks re-check everything.
 *
 * <p>A directory with a few databases whose WAL is written hundreds of times a second goes "hot": its watch is
 * dropped and the watched files' size and mtime are polled every {@link #HOT_POLL} instead, until they stay the same
 * for {@link #HOT_QUIET}; then the watch comes back and every database in it gets one sync, which catches a change
 * the poll could not see (a rewrite in place within one timestamp tick). An inotify event per commit wakes the JDK's
 * watch thread and this one each time, which cost more CPU than everything else replicator does per commit; the
 * syncs are {@code SYNC_GAP} apart under load anyway, so the poll costs no lag.
 */
final class WalWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalWatcher.class);
    private static final WatchEvent.Kind<?>[] KINDS = {StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE};

    static final Duration HOT_POLL = Duration.ofMillis(50);
    static final Duration HOT_QUIET = Duration.ofMillis(300);
    /** Wake-ups within one {@link #HOT_POLL} window that make a directory hot: a few hundred writes a second. */
    private static final int HOT_WAKEUPS = 10;
    /** Only directories this small are polled: a stat per file per poll must stay cheaper than the events it saves. */
    private static final int HOT_MAX_FILES = 8;

    private final WatchService service;
    private final Map<Path, Watched> byDir = new HashMap<>();
    private final Set<Path> hotDirs = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    /** What one directory's events go to. */
    private static final class Watched {
        /** Null while the directory is hot. */
        WatchKey key;
        final Map<String, Runnable> files = new HashMap<>();
        Consumer<Path> others;
        long windowStart;
        int wakeups;
        final Map<String, FileStamp> stamps = new HashMap<>();
        long lastChange;

        Watched(WatchKey key) {
            this.key = key;
        }

        /** Directory discovery needs every create and delete, so only a plain directory of a few databases polls. */
        boolean mayGoHot() {
            return others == null && files.size() <= HOT_MAX_FILES;
        }
    }

    /** A watched file's size and mtime; -1 when it does not exist. */
    private record FileStamp(long size, long mtimeNanos) {

        static FileStamp of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new FileStamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            } catch (IOException e) {
                return new FileStamp(-1, -1);
            }
        }
    }

    WalWatcher() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        thread = DaemonThreads.create(this::loop, "wal-watcher");
    }

    /** Calls {@code onChange} whenever {@code db}'s WAL (or the database file) is written. */
    synchronized void watch(Path db, Runnable onChange) throws IOException {
        Watched w = watched(db.toAbsolutePath().getParent());
        String file = db.getFileName().toString();
        w.files.put(file + "-wal", onChange);
        w.files.put(file, onChange);
    }

    /** Stops calling {@code db}'s sync; the directory stays watched while anything else needs it. */
    synchronized void unwatch(Path db) {
        Path dir = db.toAbsolutePath().getParent();
        Watched w = byDir.get(dir);
        if (w == null) {
            return;
        }
        String file = db.getFileName().toString();
        w.files.remove(file + "-wal");
        w.files.remove(file);
        dropIfUnused(dir, w);
    }

    /**
     * Calls {@code onOther} with the path of every file or directory created, written or deleted in {@code dir} that
     * is not a watched database or its WAL, and with {@code dir} itself when events were lost.
     */
    synchronized void watchDirectory(Path dir, Consumer<Path> onOther) throws IOException {
        watched(dir.toAbsolutePath()).others = onOther;
    }

    synchronized boolean watchesDirectory(Path dir) {
        Watched w = byDir.get(dir.toAbsolutePath());
        return w != null && w.others != null;
    }

    private Watched watched(Path dir) throws IOException {
        Watched w = byDir.get(dir);
        if (w == null) {
            w = new Watched(dir.register(service, KINDS));
            byDir.put(dir, w);
        }
        return w;
    }

    private void dropIfUnused(Path dir, Watched w) {
        if (w.files.isEmpty() && w.others == null) {
            if (w.key != null) {
                w.key.cancel();
            }
            byDir.remove(dir);
            hotDirs.remove(dir);
        }
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            long nextPoll = System.nanoTime();
            while (true) {
                boolean polling = anyHot();
                long wait = nextPoll - System.nanoTime();
                WatchKey key = polling ? service.poll(Math.max(0, wait), TimeUnit.NANOSECONDS) : service.take();
                if (polling && System.nanoTime() - nextPoll >= 0) {
                    pollHot();
                    nextPoll = System.nanoTime() + HOT_POLL.toNanos();
                }
                if (key == null) {
                    continue;
                }
                Path dir = (Path) key.watchable();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        notifyAll(dir);
                        continue;
                    }
                    Path name = (Path) event.context();
                    Runnable r = lookup(dir, name.toString());
                    if (r != null) {
                        r.run();
                    } else {
                        Consumer<Path> others = others(dir);
                        if (others != null) {
                            others.accept(dir.resolve(name));
                        }
                    }
                }
                if (!key.reset()) {
                    dropped(dir, key);
                } else if (wokenOften(dir, key)) {
                    nextPoll = System.nanoTime() + HOT_POLL.toNanos();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            log.debug("WAL watcher stopped");
        }
    }

    /** Whether {@code dir} is polled rather than watched right now. */
    synchronized boolean polls(Path dir) {
        return hotDirs.contains(dir.toAbsolutePath());
    }

    private synchronized boolean anyHot() {
        return !hotDirs.isEmpty();
    }

    /** Counts a wake-up of {@code dir}; makes it hot (drops its watch) when they come too often. */
    private synchronized boolean wokenOften(Path dir, WatchKey key) {
        Watched w = byDir.get(dir);
        if (w == null || w.key != key || !w.mayGoHot()) {
            return false;
        }
        long now = System.nanoTime();
        if (now - w.windowStart > HOT_POLL.toNanos()) {
            w.windowStart = now;
            w.wakeups = 0;
        }
        if (++w.wakeups < HOT_WAKEUPS) {
            return false;
        }
        w.key = null;
        key.cancel();
        hotDirs.add(dir);
        w.stamps.clear();
        w.files.keySet().forEach(f -> w.stamps.put(f, FileStamp.of(dir.resolve(f))));
        w.lastChange = now;
        log.debug("{} is written {}+ times per {} ms: polling it instead of watching", dir, HOT_WAKEUPS,
                HOT_POLL.toMillis());
        return true;
    }

    /** Fires the files of hot directories that changed since the last poll; cools down those quiet for long enough. */
    private void pollHot() {
        List<Runnable> fire = new ArrayList<>();
        synchronized (this) {
            long now = System.nanoTime();
            for (Path dir : List.copyOf(hotDirs)) {
                Watched w = byDir.get(dir);
                for (Map.Entry<String, Runnable> f : w.files.entrySet()) {
                    FileStamp stamp = FileStamp.of(dir.resolve(f.getKey()));
                    if (!stamp.equals(w.stamps.put(f.getKey(), stamp))) {
                        fire.add(f.getValue());
                        w.lastChange = now;
                    }
                }
                if (now - w.lastChange > HOT_QUIET.toNanos() || !w.mayGoHot()) {
                    coolDown(dir, w, fire);
                }
            }
        }
        fire.stream().distinct().forEach(Runnable::run);
    }

    /** Watches the directory again, and syncs every database in it once, for what a stat could not tell apart. */
    private void coolDown(Path dir, Watched w, List<Runnable> fire) {
        if (closed) {
            return;
        }
        try {
            w.key = dir.register(service, KINDS);
            log.debug("{} is quiet: watching it again", dir);
        } catch (IOException | ClosedWatchServiceException e) {
            // Gone, or shutting down: keep polling; the fallback ticks and rescans see what happened.
            return;
        }
        hotDirs.remove(dir);
        w.stamps.clear();
        w.wakeups = 0;
        fire.addAll(w.files.values());
    }

    private synchronized Runnable lookup(Path dir, String name) {
        Watched w = byDir.get(dir);
        return w == null ? null : w.files.get(name);
    }

    private synchronized Consumer<Path> others(Path dir) {
        Watched w = byDir.get(dir);
        return w == null ? null : w.others;
    }

    // The directory went away (or was cancelled): whoever looked at it finds out on its next pass.
    private void dropped(Path dir, WatchKey key) {
        Consumer<Path> others;
        synchronized (this) {
            Watched w = byDir.get(dir);
            if (w == null || w.key != key) {
                return;
            }
            byDir.remove(dir);
            others = w.others;
        }
        if (others != null) {
            others.accept(dir);
        }
    }

    private void notifyAll(Path dir) {
        Watched w;
        Runnable[] files;
        Consumer<Path> others;
        synchronized (this) {
            w = byDir.get(dir);
            if (w == null) {
                return;
            }
            files = w.files.values().stream().distinct().toArray(Runnable[]::new);
            others = w.others;
        }
        for (Runnable r : files) {
            r.run();
        }
        if (others != null) {
            others.accept(dir);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        service.close();
        thread.interrupt();
    }
}
