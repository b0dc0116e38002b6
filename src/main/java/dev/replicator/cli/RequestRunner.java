package dev.replicator.cli;

import dev.replicator.control.Request;
import dev.replicator.control.RequestQueue;
import dev.replicator.control.Response;
import dev.replicator.control.StateLock;
import dev.replicator.replicate.DatabasePlan;
import dev.replicator.replicate.Replication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Gets a snapshot or a restore drill done for one database. When a {@code replicate} holds the database's state
 * directory, the work is asked of it through a request file, so that it keeps its generation and nothing competes
 * with it; otherwise a replication is started here (as {@code replicate} would: sync, catch every replica up), asked
 * the same way, and shut down with a final sync.
 */
final class RequestRunner {

    private static final Logger log = LoggerFactory.getLogger(RequestRunner.class);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);

    private RequestRunner() {
    }

    static Response run(DatabasePlan plan, Request.Kind kind, List<String> replicas, Duration timeout, boolean verbose)
            throws IOException, InterruptedException {
        Path db = plan.settings().path();
        RequestQueue queue = RequestQueue.of(db);
        if (StateLock.isHeld(db)) {
            log.info("db={} is replicated by a running replicate; asking it", db);
            Optional<Response> answer = ask(queue, db, kind, replicas, timeout, true);
            if (answer.isPresent()) {
                return answer.get();
            }
            log.info("db={} replicate stopped before taking the request; doing it here", db);
        }
        Replication replication = new Replication(List.of(withoutSchedules(plan)), Clock.systemUTC(), verbose);
        replication.start();
        try {
            return ask(queue, db, kind, replicas, timeout, false).orElseThrow();
        } finally {
            if (!replication.shutdown(SHUTDOWN)) {
                log.warn("db={} final upload incomplete; the next replicate run ships the rest", db);
            }
        }
    }

    /** Empty only if a remote replicate went away before it claimed the request (which is then withdrawn). */
    private static Optional<Response> ask(RequestQueue queue, Path db, Request.Kind kind, List<String> replicas,
                                         Duration timeout, boolean remote) throws IOException, InterruptedException {
        Request request = queue.submit(kind, replicas);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Response> response = queue.takeResponse(request);
            if (response.isPresent()) {
                return response;
            }
            // Only another process may probe the lock: closing a descriptor of it drops this process's own lock.
            if (remote && !StateLock.isHeld(db)) {
                if (queue.withdraw(request)) {
                    return Optional.empty();
                }
                return Optional.of(queue.takeResponse(request).orElseThrow(() -> new IOException("replicate of "
                        + db + " stopped while working on the request: see its log, and run this again")));
            }
            Thread.sleep(POLL.toMillis());
        }
        if (queue.withdraw(request)) {
            throw new IOException("replicate of " + db + " did not take the request within " + timeout
                    + ": is it stuck? see its log (requests are files in " + queue.dir() + ")");
        }
        throw new IOException("replicate of " + db + " took the request but did not answer within " + timeout
                + ": it goes on; see its log, or raise -timeout");
    }

    private static DatabasePlan withoutSchedules(DatabasePlan plan) {
        return new DatabasePlan(plan.settings(), plan.monitorInterval(), plan.replicas().stream()
                .map(r -> new DatabasePlan.ReplicaPlan(r.name(), r.client(), r.syncInterval(), r.codec())).toList());
    }
}
