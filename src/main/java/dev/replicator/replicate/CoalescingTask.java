package dev.replicator.replicate;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on an executor when asked, at most once at a time and no sooner than {@code minGap} after its previous
 * start; requests that arrive meanwhile fold into one run. Tasks must catch their own exceptions.
 */
final class CoalescingTask {

    private final ScheduledExecutorService executor;
    private final Runnable task;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final Duration minGap;
    private volatile long lastStartNanos = Long.MIN_VALUE / 2;

    CoalescingTask(ScheduledExecutorService executor, Duration minGap, Runnable task) {
        this.executor = executor;
        this.minGap = minGap;
        this.task = task;
    }

    void request() {
        requestAfter(Duration.ZERO);
    }

    void requestAfter(Duration delay) {
        if (!queued.compareAndSet(false, true)) {
            return;
        }
        long earliest = lastStartNanos + minGap.toNanos() - System.nanoTime();
        long wait = Math.max(delay.toNanos(), earliest);
        try {
            executor.schedule(this::run, Math.max(0, wait), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.set(false); // shutting down
        }
    }

    private synchronized void run() {
        queued.set(false);
        lastStartNanos = System.nanoTime();
        task.run();
    }
}
