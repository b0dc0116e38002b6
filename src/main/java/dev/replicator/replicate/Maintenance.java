package dev.replicator.replicate;

import dev.replicator.Names;
import dev.replicator.SnapshotInfo;
import dev.replicator.control.Request;
import dev.replicator.control.RequestQueue;
import dev.replicator.control.Response;
import dev.replicator.db.Database;
import dev.replicator.server.ReplicaStatus;
import dev.replicator.verify.VerifyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One database's periodic tick: answers requests from other processes, then runs each replica's due work. */
final class Maintenance {

    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

    private final Database db;
    private final List<Upkeep> upkeeps;
    private final RequestQueue requests;
    private final FailureLog failures;
    private final boolean verbose;

    Maintenance(Database db, List<Upkeep> upkeeps, RequestQueue requests, boolean verbose) {
        this.db = db;
        this.upkeeps = List.copyOf(upkeeps);
        this.requests = requests;
        this.verbose = verbose;
        this.failures = new FailureLog(log, "answering requests for db=" + db.path() + " in " + requests.dir());
    }

    void run() {
        try {
            for (Request r : requests.claim()) {
                requests.respond(r, answer(r));
            }
            failures.succeeded();
        } catch (IOException | RuntimeException e) {
            failures.failed(e, verbose);
        }
        for (Upkeep u : upkeeps) {
            try {
                u.runDue();
            } catch (RuntimeException e) {
                log.warn("db={} replica={} scheduled work failed: {}", db.path(), Names.quoted(u.replica().name()),
                        e.toString(), e);
            }
        }
    }

    /** Does what a request asks, for each replica it names (all if none); never throws. */
    Response answer(Request request) {
        // A status query is cheap and may come every minute from cron: it is not an event worth a log line.
        if (request.kind() != Request.Kind.STATUS) {
            log.info("db={} {} requested for {}", db.path(), request.kind().name().toLowerCase(java.util.Locale.ROOT),
                    request.replicas().isEmpty() ? "every replica" : "replicas " + request.replicas());
        }
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        for (String name : request.replicas()) {
            if (upkeeps.stream().noneMatch(u -> u.replica().name().equals(name))) {
                ok = false;
                lines.add("FAILED db=" + db.path() + " replica=" + Names.quoted(name)
                        + ": no such replica; the names are "
                        + upkeeps.stream().map(u -> u.replica().name()).toList());
            }
        }
        for (Upkeep u : upkeeps) {
            if (!request.replicas().isEmpty() && !request.replicas().contains(u.replica().name())) {
                continue;
            }
            String subject = "db=" + db.path() + " replica=" + Names.quoted(u.replica().name());
            if (request.kind() == Request.Kind.STATUS) {
                lines.add(ReplicaStatus.of(u.replica(), Instant.now()).toLine());
                continue;
            }
            if (request.kind() == Request.Kind.VERIFY) {
                VerifyResult v = u.verifyNow();
                ok &= v.ok();
                lines.add(v.line());
                continue;
            }
            try {
                SnapshotInfo s = u.snapshotNow();
                lines.add("OK " + subject + ": snapshot " + s.generation() + "/" + String.format("%08x", s.index())
                        + " stored in " + u.replica().client().location() + " (" + s.size() + " bytes), replica at "
                        + u.replica().uploaded().map(Object::toString).orElse("-"));
            } catch (IOException | RuntimeException e) {
                ok = false;
                lines.add("FAILED " + subject + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                log.warn("{} requested snapshot failed: {}", subject, e.getMessage());
            }
        }
        return new Response(ok, lines);
    }
}
