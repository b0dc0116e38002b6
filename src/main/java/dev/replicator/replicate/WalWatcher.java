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

/**
 * Wakes a database's sync when its WAL changes. Only a hint that lowers latency: a lost or overflowed event costs
 * at most one monitor interval, because the fallback tick re-checks everything.
 */
final class WalWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalWatcher.class);

    private final WatchService service;
    private final Map<Path, Map<String, Runnable>> byDir = new HashMap<>();
    private final Thread thread;

    WalWatcher() throws IOException {
        service = FileSystems.getDefault().newWatchService();
        thread = new Thread(this::loop, "wal-watcher");
        thread.setDaemon(true);
    }

    /** Calls {@code onChange} whenever {@code db}'s WAL (or the database file) is written. */
    synchronized void watch(Path db, Runnable onChange) throws IOException {
        Path dir = db.toAbsolutePath().getParent();
        Map<String, Runnable> names = byDir.get(dir);
        if (names == null) {
            dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            names = new HashMap<>();
            byDir.put(dir, names);
        }
        String file = db.getFileName().toString();
        names.put(file + "-wal", onChange);
        names.put(file, onChange);
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
                    Runnable r = lookup(dir, event.context().toString());
                    if (r != null) {
                        r.run();
                    }
                }
                key.reset();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            log.debug("WAL watcher stopped");
        }
    }

    private synchronized Runnable lookup(Path dir, String name) {
        Map<String, Runnable> names = byDir.get(dir);
        return names == null ? null : names.get(name);
    }

    private synchronized void notifyAll(Path dir) {
        Map<String, Runnable> names = byDir.get(dir);
        if (names != null) {
            names.values().stream().distinct().forEach(Runnable::run);
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
