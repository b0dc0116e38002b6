package dev.replicator.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Asks the {@code replicate} that runs a database for a snapshot or a restore drill, through a request file in the
 * database's state directory, and waits for its answer.
 */
public final class RequestClient {

    private static final Logger log = LoggerFactory.getLogger(RequestClient.class);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path db;
    private final RequestQueue queue;

    public RequestClient(Path db) {
        this.db = db;
        this.queue = RequestQueue.of(db);
    }

    /**
     * The answer of the {@code replicate} in another process that holds the state directory; empty if none holds it,
     * or if it went away before it claimed the request (which is then withdrawn).
     */
    public Optional<Response> askRunning(Request.Kind kind, List<String> replicas, Duration timeout)
            throws IOException, InterruptedException {
        if (!StateLock.isHeld(db)) {
            return Optional.empty();
        }
        if (kind == Request.Kind.STATUS) {
            log.debug("db={} is replicated by a running replicate; asking it", db);
        } else {
            log.info("db={} is replicated by a running replicate; asking it", db);
        }
        Optional<Response> answer = ask(kind, replicas, timeout, true);
        if (answer.isEmpty()) {
            log.info("db={} replicate stopped before taking the request; doing it here", db);
        }
        return answer;
    }

    /** The answer of the replication this process runs for the database. */
    public Response ask(Request.Kind kind, List<String> replicas, Duration timeout)
            throws IOException, InterruptedException {
        return ask(kind, replicas, timeout, false).orElseThrow();
    }

    private Optional<Response> ask(Request.Kind kind, List<String> replicas, Duration timeout, boolean remote)
            throws IOException, InterruptedException {
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
}
