package dev.replicator.replicate;

import dev.replicator.DaemonThreads;
import dev.replicator.Names;
import dev.replicator.replica.Replica;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Calls to the replicas run side by side: the first and the final uploads, and the probe before opening. */
final class ParallelCalls {

    private ParallelCalls() {
    }

    @FunctionalInterface
    interface Call {
        Object call() throws Exception;
    }

    /** A replica's sync whose failure names the database and the replica. */
    static Call upload(Replica r) {
        return () -> {
            try (LogContext ignored = LogContext.enter(r.database().path(), r.name())) {
                return r.sync();
            } catch (IOException | RuntimeException e) {
                throw new IOException("db=" + r.database().path() + " replica=" + Names.quoted(r.name()) + ": "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            }
        };
    }

    /** Runs the calls in parallel; rethrows the first failure as a one-line IOException. */
    static void runAll(List<Call> calls, Long deadlineNanos) throws IOException {
        if (calls.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, calls.size()),
                DaemonThreads.named("replica-sync"));
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Call c : calls) {
                futures.add(pool.submit(c::call));
            }
            IOException first = null;
            for (Future<Object> f : futures) {
                try {
                    if (deadlineNanos == null) {
                        f.get();
                    } else {
                        f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (first == null) {
                        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
                        first = cause instanceof IOException io ? io : new IOException(message, cause);
                    }
                } catch (TimeoutException e) {
                    if (first == null) {
                        first = new IOException("timed out: raise the shutdown timeout or check the storage");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdown();
        }
    }
}
