package dev.replicator.cli;

import sun.misc.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Catches SIGINT, SIGTERM and SIGHUP so that shutdown is an orderly final sync with exit code 0, not the JVM's
 * abrupt 143. Each signal is also handed to an optional listener (the supervised child's forwarder); signals that
 * arrive before it is set are kept and handed to it when it is.
 */
final class ShutdownSignals {

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicReference<String> first = new AtomicReference<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final List<String> pending = new ArrayList<>();
    private Consumer<String> listener;

    static ShutdownSignals install() {
        ShutdownSignals s = new ShutdownSignals();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), sig -> s.onSignal(sig.getName()));
        }
        return s;
    }

    void onSignal(String name) {
        first.compareAndSet(null, name);
        names.add(name);
        Consumer<String> target;
        synchronized (this) {
            target = listener;
            if (target == null) {
                pending.add(name);
            }
        }
        if (target != null) {
            target.accept(name);
        }
        received.countDown();
    }

    /** Hands every later signal to {@code listener}, and at once those that arrived before this call. */
    void forwardTo(Consumer<String> listener) {
        List<String> early;
        synchronized (this) {
            this.listener = listener;
            early = List.copyOf(pending);
            pending.clear();
        }
        early.forEach(listener);
    }

    String await() throws InterruptedException {
        received.await();
        return first.get();
    }

    boolean await(long millis) throws InterruptedException {
        return received.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether SIGINT or SIGTERM arrived: someone wants us to stop. */
    boolean stopRequested() {
        return names.contains("INT") || names.contains("TERM");
    }

    /** The first signal received, or null. */
    String received() {
        return first.get();
    }
}
