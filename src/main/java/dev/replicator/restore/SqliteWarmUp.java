package dev.replicator.restore;

import dev.replicator.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads SQLite's native library on a thread of its own, so that the integrity check at the end of a restore need not
 * wait for it. sqlite-jdbc extracts the library to a temporary file it deletes on exit; a JVM that exits (a restore
 * that fails fast, Ctrl-C) while that thread is between extracting and loading it would delete the file under it and
 * make sqlite-jdbc log an ERROR. So a shutdown hook waits for the load: hooks all finish before files are deleted.
 */
final class SqliteWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SqliteWarmUp.class);

    private static Thread loader;

    private SqliteWarmUp() {
    }

    /** Starts loading the library, once per JVM; does nothing when the JVM is already exiting. */
    static synchronized void start() {
        if (loader != null) {
            return;
        }
        Thread thread = DaemonThreads.create(SqliteWarmUp::load, "sqlite-load");
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitLoaded(thread), "sqlite-load-exit"));
        } catch (IllegalStateException e) {
            return; // exiting: the check will not run either
        }
        loader = thread;
        thread.start();
    }

    private static void load() {
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception | LinkageError e) {
            log.debug("loading SQLite ahead of the integrity check failed; the check will say why", e);
        }
    }

    private static void awaitLoaded(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
