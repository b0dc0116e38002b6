package dev.replicator.torture;

import dev.replicator.Pos;
import dev.replicator.replica.Replica;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples a replica's recorded upload position while faults fly and checks each sample against the store: the
 * position is read first and the store listed after, so anything missing was recorded before it was stored.
 */
final class CoverageSampler implements AutoCloseable {

    private final StoredCoverage coverage;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger samples = new AtomicInteger();
    private final List<String> violations = new ArrayList<>();
    private final Thread thread;
    private volatile Replica replica;

    CoverageSampler(Replica replica, StoredCoverage coverage) {
        this.replica = replica;
        this.coverage = coverage;
        this.thread = new Thread(this::run, "coverage-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Follows another replica object (after a restart). */
    void follow(Replica next) {
        this.replica = next;
    }

    private void run() {
        while (running.get()) {
            Optional<Pos> pos = replica.uploaded();
            if (pos.isPresent()) {
                try {
                    coverage.gap(pos.get()).ifPresent(this::violation);
                    samples.incrementAndGet();
                } catch (Exception e) {
                    violation("cannot read the store: " + e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void violation(String what) {
        if (violations.size() < 20) {
            violations.add(what);
        }
    }

    int samples() {
        return samples.get();
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }
}
