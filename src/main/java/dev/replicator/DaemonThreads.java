package dev.replicator;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Daemon threads with a name that says what they do; they never keep the JVM from exiting. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** A daemon thread named {@code name}, not started. */
    public static Thread create(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** Threads all named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> create(r, name);
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> create(r, prefix + "-" + count.incrementAndGet());
    }

    /** A scheduler of {@code threads} numbered threads whose cancelled and pending tasks go away with it. */
    public static ScheduledThreadPoolExecutor scheduledPool(String prefix, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, numbered(prefix));
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return pool;
    }
}
