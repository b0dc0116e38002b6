package dev.replicator.replicate;

import dev.replicator.control.Request;
import dev.replicator.control.RequestClient;
import dev.replicator.control.Response;
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
 * directory, the work is asked of it, so that it keeps its generation and nothing competes with it; otherwise a
 * replication is started here (as {@code replicate} would: sync, catch every replica up), asked the same way, and
 * shut down with a final sync.
 */
public final class RequestRunner {

    private static final Logger log = LoggerFactory.getLogger(RequestRunner.class);
    private static final Duration SHUTDOWN = Duration.ofSeconds(30);

    private RequestRunner() {
    }

    public static Response run(DatabasePlan plan, Request.Kind kind, List<String> replicas, Duration timeout,
                               boolean verbose) throws IOException, InterruptedException {
        Path db = plan.settings().path();
        RequestClient client = new RequestClient(db);
        Optional<Response> answer = client.askRunning(kind, replicas, timeout);
        if (answer.isPresent()) {
            return answer.get();
        }
        Replication replication = new Replication(List.of(withoutSchedules(plan)), Clock.systemUTC(), verbose);
        replication.start();
        try {
            return client.ask(kind, replicas, timeout);
        } finally {
            if (!replication.shutdown(SHUTDOWN)) {
                log.warn("db={} final upload incomplete; the next replicate run ships the rest", db);
            }
        }
    }

    private static DatabasePlan withoutSchedules(DatabasePlan plan) {
        return new DatabasePlan(plan.settings(), plan.monitorInterval(), plan.replicas().stream()
                .map(r -> new DatabasePlan.ReplicaPlan(r.name(), r.client(), r.syncInterval(), r.codec())).toList());
    }
}
