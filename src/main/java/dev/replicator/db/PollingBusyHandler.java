package dev.replicator.db;

import org.sqlite.BusyHandler;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Retries a busy lock every {@link #POLL} until the timeout. SQLite's own handler sleeps 1, 2, 5 … 100 ms between
 * tries, so against an app that commits back to back it almost never lands in the microseconds between two
 * transactions, and the WAL never gets restarted.
 */
final class PollingBusyHandler extends BusyHandler {

    static final Duration POLL = Duration.ofNanos(100_000);

    private final long timeoutNanos;
    private long deadline;

    private PollingBusyHandler(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    static void install(Connection c, Duration timeout) throws SQLException {
        BusyHandler.setHandler(c, new PollingBusyHandler(timeout));
    }

    @Override
    protected int callback(int previousCalls) {
        long now = System.nanoTime();
        if (previousCalls == 0) {
            deadline = now + timeoutNanos;
        } else if (now - deadline >= 0) {
            return 0;
        }
        LockSupport.parkNanos(POLL.toNanos());
        return 1;
    }
}
