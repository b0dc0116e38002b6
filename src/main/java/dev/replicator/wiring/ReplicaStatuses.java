package dev.replicator.wiring;

import dev.replicator.config.DbConfig;
import dev.replicator.control.Request;
import dev.replicator.control.RequestClient;
import dev.replicator.control.Response;
import dev.replicator.replica.Listings;
import dev.replicator.restore.BackupSource;
import dev.replicator.server.ReplicaStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code replicator status} of one database: asked of its running {@code replicate}, else read from its replicas. */
public final class ReplicaStatuses {

    /** Where the statuses came from. */
    public enum Source { REPLICATE, REPLICAS }

    public record Answer(Source source, List<ReplicaStatus> replicas) {
    }

    private ReplicaStatuses() {
    }

    public static Answer of(DbConfig db, Duration timeout) throws IOException, InterruptedException {
        Optional<Response> running = new RequestClient(db.path()).askRunning(Request.Kind.STATUS, List.of(), timeout);
        if (running.isPresent()) {
            return new Answer(Source.REPLICATE, running.get().lines().stream()
                    .flatMap(l -> ReplicaStatus.parse(l).stream()).toList());
        }
        List<ReplicaStatus> stored = new ArrayList<>();
        for (BackupSource source : BackupSources.of(db, null)) {
            try (var client = source.client()) {
                stored.add(ReplicaStatus.stored(db.path().toString(), source.name(), client.location(),
                        Listings.of(client)));
            } catch (Exception e) {
                stored.add(ReplicaStatus.unreadable(db.path().toString(), source.name(), source.client().location(),
                        e.getMessage() == null ? e.toString() : e.getMessage()));
            }
        }
        return new Answer(Source.REPLICAS, stored);
    }
}
