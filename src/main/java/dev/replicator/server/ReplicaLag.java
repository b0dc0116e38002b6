package dev.replicator.server;

import dev.replicator.Pos;
import dev.replicator.db.ReplicaSource;
import dev.replicator.replica.Replica;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** How far a replica trails its database's local shadow WAL, in bytes and in time. */
record ReplicaLag(long bytes, Duration time) {

    static ReplicaLag of(Replica replica, Instant now) {
        Duration time = replica.stats().behindSince()
                .map(since -> since.isAfter(now) ? Duration.ZERO : Duration.between(since, now))
                .orElse(Duration.ZERO);
        Optional<Pos> local = replica.database().position();
        if (local.isEmpty()) {
            return new ReplicaLag(0, time);
        }
        return new ReplicaLag(bytesBetween(replica.database(), replica.uploaded(), local.get()), time);
    }

    /** Shadow WAL bytes from {@code uploaded} to {@code local}; from the generation's start if it differs. */
    static long bytesBetween(ReplicaSource db, Optional<Pos> uploaded, Pos local) {
        long fromIndex = 0;
        long fromOffset = 0;
        if (uploaded.isPresent() && uploaded.get().generation().equals(local.generation())) {
            fromIndex = uploaded.get().index();
            fromOffset = uploaded.get().offset();
        }
        if (fromIndex == local.index()) {
            return Math.max(0, local.offset() - fromOffset);
        }
        long bytes = Math.max(0, size(db, local.generation(), fromIndex) - fromOffset);
        for (long i = fromIndex + 1; i < local.index(); i++) {
            bytes += size(db, local.generation(), i);
        }
        return bytes + local.offset();
    }

    // A shadow index already cleaned up (or a database released at shutdown) counts as nothing left to ship.
    private static long size(ReplicaSource db, String generation, long index) {
        try {
            return Files.size(db.shadowPath(generation, index));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
