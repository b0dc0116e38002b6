package dev.replicator.server;

import dev.replicator.Pos;
import dev.replicator.db.Database;
import dev.replicator.db.DatabaseStats;
import dev.replicator.replica.Replica;
import dev.replicator.replica.ReplicaStats;
import dev.replicator.server.PrometheusText.Type;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code /metrics} page: per database and per replica counters and gauges, labelled db and replica. */
final class Metrics {

    private Metrics() {
    }

    static String render(List<Database> databases, List<Replica> replicas, Duration window, Instant now) {
        PrometheusText t = new PrometheusText();
        t.family("replicator_db_wal_bytes_total", Type.COUNTER, "WAL bytes copied into the local shadow WAL.")
                .family("replicator_db_wal_index", Type.GAUGE, "WAL index of the local position.")
                .family("replicator_db_wal_offset_bytes", Type.GAUGE, "WAL offset of the local position.")
                .family("replicator_db_sync_errors_total", Type.COUNTER, "Failed sync passes.")
                .family("replicator_db_last_sync_timestamp_seconds", Type.GAUGE,
                        "Unix time of the last successful sync pass.")
                .family("replicator_db_checkpoints_total", Type.COUNTER, "Checkpoints run by replicator, by mode.")
                .family("replicator_db_last_checkpoint_timestamp_seconds", Type.GAUGE,
                        "Unix time of the last checkpoint.")
                .family("replicator_db_write_lock_seconds_total", Type.COUNTER,
                        "Seconds replicator's connections held SQLite's write lock (the app's writers wait meanwhile).");
        for (Database db : databases) {
            String path = db.path().toString();
            DatabaseStats s = db.stats();
            t.sample("replicator_db_wal_bytes_total", s.walBytes(), "db", path);
            Optional<Pos> pos = db.position();
            t.sample("replicator_db_wal_index", pos.map(Pos::index).orElse(0L), "db", path);
            t.sample("replicator_db_wal_offset_bytes", pos.map(Pos::offset).orElse(0L), "db", path);
            t.sample("replicator_db_sync_errors_total", s.errors(), "db", path);
            t.sample("replicator_db_last_sync_timestamp_seconds", seconds(s.lastSync()), "db", path);
            t.sample("replicator_db_checkpoints_total", s.passiveCheckpoints(), "db", path, "mode", "passive");
            t.sample("replicator_db_checkpoints_total", s.fullCheckpoints(), "db", path, "mode", "full");
            t.sample("replicator_db_last_checkpoint_timestamp_seconds", seconds(s.lastCheckpoint()), "db", path);
            t.sample("replicator_db_write_lock_seconds_total", s.writeLockSeconds(), "db", path);
        }
        t.family("replicator_replica_wal_bytes_total", Type.COUNTER, "WAL bytes uploaded (before compression).")
                .family("replicator_replica_wal_segments_total", Type.COUNTER, "WAL segments uploaded.")
                .family("replicator_replica_uploaded_bytes_total", Type.COUNTER,
                        "Compressed bytes of WAL segments and snapshots acknowledged by the storage.")
                .family("replicator_replica_snapshots_total", Type.COUNTER, "Snapshots uploaded.")
                .family("replicator_replica_last_snapshot_timestamp_seconds", Type.GAUGE,
                        "Unix time of the last snapshot upload.")
                .family("replicator_replica_last_sync_timestamp_seconds", Type.GAUGE,
                        "Unix time of the last sync pass that ended without error.")
                .family("replicator_replica_errors_total", Type.COUNTER, "Failed sync passes (each retried).")
                .family("replicator_replica_lag_bytes", Type.GAUGE,
                        "Shadow WAL bytes copied locally and not yet uploaded.")
                .family("replicator_replica_lag_seconds", Type.GAUGE,
                        "How long the replica has lacked something copied locally; 0 when it holds everything.")
                .family("replicator_replica_healthy", Type.GAUGE,
                        "1 if the replica holds everything or made progress within health-window, else 0.")
                .family("replicator_replica_last_verify_timestamp_seconds", Type.GAUGE,
                        "Unix time of the last restore drill (verify), 0 before the first.")
                .family("replicator_replica_verify_ok", Type.GAUGE,
                        "1 if the last restore drill restored the live database's pages, 0 if it failed.");
        for (Replica r : replicas) {
            String[] l = {"db", r.database().path().toString(), "replica", r.name()};
            ReplicaStats s = r.stats();
            ReplicaLag lag = ReplicaLag.of(r, now);
            t.sample("replicator_replica_wal_bytes_total", s.walBytes(), l);
            t.sample("replicator_replica_wal_segments_total", s.walSegments(), l);
            t.sample("replicator_replica_uploaded_bytes_total", s.uploadedBytes(), l);
            t.sample("replicator_replica_snapshots_total", s.snapshots(), l);
            t.sample("replicator_replica_last_snapshot_timestamp_seconds", seconds(s.lastSnapshot()), l);
            t.sample("replicator_replica_last_sync_timestamp_seconds", seconds(s.lastSync()), l);
            t.sample("replicator_replica_errors_total", s.errors(), l);
            t.sample("replicator_replica_lag_bytes", lag.bytes(), l);
            t.sample("replicator_replica_lag_seconds", lag.time().toMillis() / 1000.0, l);
            boolean healthy = Health.of(List.of(), List.of(r), window, now).healthy();
            t.sample("replicator_replica_healthy", healthy ? 1 : 0, l);
            t.sample("replicator_replica_last_verify_timestamp_seconds", seconds(s.lastVerify()), l);
            s.lastVerifyOk().ifPresent(ok -> t.sample("replicator_replica_verify_ok", ok ? 1 : 0, l));
        }
        return t.render();
    }

    private static double seconds(Optional<Instant> at) {
        return at.map(i -> i.toEpochMilli() / 1000.0).orElse(0.0);
    }
}
