package dev.replicator.replicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Wakes a database's sync when its WAL changes, and tells directory discovery about other files appearing, changing
 * or going away in the directories it looks at. One watch per directory, however many databases it holds. Only a hint
 * that lowers latency: a lost or overflowed event costs at most one monitor interval (or rescan), because the fallback
 * ticks re-check everything.
 */
final class WalWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalWatcher.class);
    private static final WatchEvent.Kind<?>[] KINDS = {StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE};

    private final WatchService service;
    private final Map<Path, Watched> byDir = new HashMap<>();
    private final Thread thread;

    /** What one directory's events go to. */
    private static final class Watched {
        final WatchKey key;
        final Map<String, Runnable> files = new HashMap<>();
        Consumer<Path> others;

        Watched(WatchKey key) {
            this.key = key;
        }
    }

    WalWatcher() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        thread = new Thread(this::loop, "wal-watcher");
        thread.setDaemon(true);
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

    /** Stops {@link #watchDirectory} for {@code dir} (it was deleted, say). */
    synchronized void unwatchDirectory(Path dir) {
        Watched w = byDir.get(dir.toAbsolutePath());
        if (w != null) {
            w.others = null;
            dropIfUnused(dir.toAbsolutePath(), w);
        }
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
            w.key.cancel();
            byDir.remove(dir);
        }
    }

    void start() {
        thread.start();
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = service.take();
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
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            log.debug("WAL watcher stopped");
        }
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
        service.close();
    }
}
