package dev.replicator.replica;

import dev.replicator.Names;
import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.db.ReplicaSource;
import dev.replicator.db.SnapshotSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Ships one database's shadow WAL to one destination: a snapshot when a generation has none there yet, then every
 * shadow WAL byte range as an LZ4 segment, in order. The uploaded position only moves after the storage acknowledged
 * the object (R1, R4). Positions are tracked in memory; the replica is listed only at start-up (C1).
 */
public final class Replica {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    private final String name;
    private final String label; // the name as log lines print it
    private final ReplicaSource db;
    private final ReplicaClient client;
    private final Codec codec;
    private final ReplicaStats stats;
    private volatile Pos uploaded;
    private boolean initialized;
    private volatile TakenSnapshot lastSnapshot;

    public Replica(String name, ReplicaSource db, ReplicaClient client) {
        this(name, db, client, Codec.plain());
    }

    public Replica(String name, ReplicaSource db, ReplicaClient client, Codec codec) {
        this.name = name;
        this.label = Names.quoted(name);
        this.db = db;
        this.client = client;
        this.codec = codec;
        this.stats = new ReplicaStats(db.clock().instant());
        db.addReplicaProgress(this::uploaded);
        db.addListener(() -> stats.behind(db.clock().instant()));
    }

    public ReplicaStats stats() {
        return stats;
    }

    public String name() {
        return name;
    }

    public ReplicaClient client() {
        return client;
    }

    public ReplicaSource database() {
        return db;
    }

    /** The position up to which this replica holds the database's WAL, or empty before its first upload. */
    public Optional<Pos> uploaded() {
        return Optional.ofNullable(uploaded);
    }

    /** How this replica's objects are encoded; decodes them too when it holds the keys. */
    public Codec codec() {
        return codec;
    }

    /** The last snapshot this replica uploaded in this process, or empty before the first. */
    public Optional<TakenSnapshot> lastSnapshot() {
        return Optional.ofNullable(lastSnapshot);
    }

    /** Whether everything the database has copied locally is uploaded here. */
    public boolean caughtUp() {
        Optional<Pos> target = db.position();
        return target.isEmpty() || target.get().equals(uploaded);
    }

    /**
     * Uploads whatever the database has copied and this replica does not hold yet.
     *
     * @return whether anything was uploaded
     */
    public synchronized boolean sync() throws IOException {
        try {
            boolean didWork = syncOnce();
            stats.synced(db.clock().instant(), this::caughtUp);
            return didWork;
        } catch (IOException | RuntimeException e) {
            stats.failed(db.clock().instant(), e);
            throw e;
        }
    }

    private boolean syncOnce() throws IOException {
        Optional<Pos> target = db.position();
        if (target.isEmpty()) {
            return false;
        }
        if (!initialized) {
            uploaded = resumePosition(target.get().generation()).orElse(null);
            initialized = true;
            log.info("db={} replica={} starting at {}", db.path(), label,
                    uploaded == null ? "a new snapshot" : uploaded);
        }
        boolean didWork = false;
        // Only up to where the database was when this pass started: what it copies meanwhile waits for the next
        // pass, one sync-interval later, so that a busy database costs one upload per interval and WAL index rather
        // than one per storage round trip.
        Pos goal = target.get();
        while (true) {
            if (uploaded == null || !uploaded.generation().equals(goal.generation())) {
                if (uploaded != null && finishEarlierGeneration()) {
                    didWork = true;
                    continue;
                }
                snapshot();
                goal = db.position().orElseThrow(); // the snapshot may be of a later index than the goal
                didWork = true;
                continue;
            }
            if (uploaded.equals(goal)) {
                return didWork;
            }
            if (!uploadNext(goal)) {
                return didWork;
            }
            didWork = true;
        }
    }

    /** Takes a snapshot of the database now and uploads it. */
    public synchronized SnapshotInfo snapshot() throws IOException {
        Optional<Pos> before = db.position();
        SnapshotSource source = db.openSnapshot();
        long start = System.nanoTime();
        SnapshotInfo info;
        try (InputStream data = source.data(); InputStream compressed = codec.encode(data)) {
            info = client.writeSnapshot(source.pos().generation(), source.pos().index(), compressed);
        }
        stats.snapshot(info.size(), db.clock().instant());
        log.info("db={} replica={} snapshot written at {} ({} bytes compressed, {} ms)", db.path(), label,
                source.pos(), info.size(), (System.nanoTime() - start) / 1_000_000);
        lastSnapshot = new TakenSnapshot(info, before);
        // Within a generation the WAL of earlier indexes still goes up: older snapshots need it.
        if (uploaded == null || !uploaded.generation().equals(source.pos().generation())) {
            uploaded = source.pos();
        }
        return info;
    }

    /**
     * Uploads exactly up to {@code goal}, a position the database has reached, so that a WAL segment ends there.
     *
     * @throws IOException if this replica is in another generation or already past {@code goal}
     */
    public synchronized void syncTo(Pos goal) throws IOException {
        Pos from = uploaded;
        if (from == null || !from.generation().equals(goal.generation()) || from.index() > goal.index()
                || from.index() == goal.index() && from.offset() > goal.offset()) {
            throw new IOException("db=" + db.path() + " replica=" + label + " holds " + from
                    + ", not a position before "
                    + goal + ": try again once it caught up");
        }
        while (!uploaded.equals(goal)) {
            if (!uploadNext(goal)) {
                throw new IOException("db=" + db.path() + " replica=" + label + " cannot upload up to " + goal
                        + " (stuck at " + uploaded + ")");
            }
        }
    }

    /** Uploads the next byte range towards {@code goal}; returns false if nothing could be uploaded. */
    private boolean uploadNext(Pos goal) throws IOException {
        Pos from = uploaded;
        Path shadow = db.shadowPath(from.generation(), from.index());
        boolean current = from.index() == goal.index();
        long end = current ? goal.offset() : Files.size(shadow);
        if (from.offset() < end) {
            uploadRange(shadow, from, end);
            return true;
        }
        if (!current && from.index() < goal.index()) {
            uploaded = new Pos(from.generation(), from.index() + 1, 0);
            return true;
        }
        return false;
    }

    /** Uploads shadow bytes [from.offset, end) as one segment, then moves the uploaded position to {@code end}. */
    private void uploadRange(Path shadow, Pos from, long end) throws IOException {
        long start = System.nanoTime();
        SegmentInfo info;
        try (InputStream raw = BoundedFileStream.open(shadow, from.offset(), end);
             InputStream compressed = codec.encode(raw)) {
            info = client.writeWalSegment(from, compressed);
        }
        stats.segment(end - from.offset(), info.size(), db.clock().instant());
        uploaded = new Pos(from.generation(), from.index(), end);
        log.debug("db={} replica={} wal segment written {} -> {} ({} bytes compressed, {} ms)", db.path(), label,
                from, end, info.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Ships what is left of an earlier local generation (a restart may have left its tail unshipped).
     *
     * @return false when the earlier generation is done or cannot be continued, so the current one may start
     */
    private boolean finishEarlierGeneration() throws IOException {
        Pos from = uploaded;
        List<Long> indexes = db.shadowIndexes(from.generation());
        if (indexes.isEmpty() || !indexes.contains(from.index())) {
            return false;
        }
        Path shadow = db.shadowPath(from.generation(), from.index());
        long end = Files.size(shadow);
        if (from.offset() < end) {
            uploadRange(shadow, from, end);
            log.info("db={} replica={} shipped the tail of earlier generation up to {}", db.path(), label, uploaded);
            return true;
        }
        if (indexes.get(indexes.size() - 1) > from.index()) {
            uploaded = new Pos(from.generation(), from.index() + 1, 0);
            return true;
        }
        return false;
    }

    /**
     * Where to continue after a restart: the end of what the replica already holds in a generation that the local
     * shadow WAL still has, preferring the oldest such generation with something left to ship.
     */
    private Optional<Pos> resumePosition(String currentGeneration) throws IOException {
        List<String> local = db.localGenerations();
        for (String gen : local) {
            Optional<Pos> held = heldUpTo(gen);
            if (held.isEmpty()) {
                continue;
            }
            Pos pos = held.get();
            List<Long> indexes = db.shadowIndexes(gen);
            if (indexes.isEmpty() || pos.index() < indexes.get(0) || pos.index() > indexes.get(indexes.size() - 1)) {
                continue; // the local shadow WAL cannot continue from there
            }
            long localEnd = Files.size(db.shadowPath(gen, pos.index()));
            if (pos.offset() > localEnd) {
                continue;
            }
            if (!gen.equals(currentGeneration) && pos.offset() == localEnd
                    && pos.index() == indexes.get(indexes.size() - 1)) {
                continue; // that generation is fully shipped
            }
            return Optional.of(pos);
        }
        return Optional.empty();
    }

    /** The end of what the replica holds for {@code gen}, if it has a snapshot of it. */
    private Optional<Pos> heldUpTo(String gen) throws IOException {
        List<SnapshotInfo> snapshots = client.snapshots(gen);
        if (snapshots.isEmpty()) {
            return Optional.empty();
        }
        long snapshotIndex = snapshots.stream().mapToLong(SnapshotInfo::index).max().orElseThrow();
        Pos pos = new Pos(gen, snapshotIndex, 0);
        List<SegmentInfo> segments = client.walSegments(gen);
        Optional<SegmentInfo> last = segments.stream()
                .max(Comparator.comparingLong(SegmentInfo::index).thenComparingLong(SegmentInfo::offset));
        try {
            if (last.isPresent() && last.get().index() >= snapshotIndex) {
                SegmentInfo s = last.get();
                long length;
                try (InputStream in = codec.decodeToContinue(client.openWalSegment(s.pos()),
                        client.location() + "/" + Keys.segment(s.pos()))) {
                    length = in.transferTo(OutputStream.nullOutputStream());
                }
                pos = new Pos(gen, s.index(), s.offset() + length);
            } else {
                codec.decodeToContinue(client.openSnapshot(gen, snapshotIndex),
                        client.location() + "/" + Keys.snapshot(gen, snapshotIndex)).close();
            }
        } catch (Codec.CannotContinue e) {
            log.info("db={} replica={} cannot continue generation {}: {}; uploading a new snapshot", db.path(),
                    label,
                    gen, e.getMessage());
            return Optional.empty();
        }
        return Optional.of(pos);
    }
}
