package dev.replicator.cli;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Catches SIGINT, SIGTERM and SIGHUP so that shutdown is an orderly final sync with exit code 0, not the JVM's
 * abrupt 143. Each signal is also handed to an optional listener (the supervised child's forwarder).
 */
final class ShutdownSignals {

    private final CountDownLatch received = new CountDownLatch(1);
    private final AtomicReference<String> first = new AtomicReference<>();
    private volatile Consumer<String> listener = name -> { };

    static ShutdownSignals install() {
        ShutdownSignals s = new ShutdownSignals();
        for (String name : new String[] {"INT", "TERM", "HUP"}) {
            Signal.handle(new Signal(name), sig -> s.onSignal(sig.getName()));
        }
        return s;
    }

    private void onSignal(String name) {
        first.compareAndSet(null, name);
        listener.accept(name);
        received.countDown();
    }

    void onEachSignal(Consumer<String> listener) {
        this.listener = listener;
    }

    String await() throws InterruptedException {
        received.await();
        return first.get();
    }

    boolean await(long millis) throws InterruptedException {
        return received.await(millis, TimeUnit.MILLISECONDS);
    }

    String received() {
        return first.get();
    }
}
