package dev.replicator.replica.abs;

import dev.replicator.Generations;
import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.config.AbsSettings;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A replica in an Azure Blob Storage container, with Litestream v0.3's blob names under {@code path}. Small objects
 * are one Put Blob; larger ones are staged as blocks and appear only when Put Block List commits them, so a failed
 * upload leaves nothing under the final name.
 */
public final class AbsReplicaClient implements ReplicaClient {

    private final AbsSettings settings;
    private final BlobRequests requests;

    public AbsReplicaClient(AbsSettings settings) {
        this(settings, new BlobRequests(settings));
    }

    private AbsReplicaClient(AbsSettings settings, BlobRequests requests) {
        this.settings = settings;
        this.requests = requests;
    }

    @Override
    public String type() {
        return "abs";
    }

    @Override
    public String location() {
        return settings.describe();
    }

    @Override
    public ReplicaClient under(String relativePath) {
        AbsSettings below = settings.under(relativePath);
        return new AbsReplicaClient(below, requests);
    }

    @Override
    public List<String> generations() throws IOException {
        String dir = settings.key(Keys.GENERATIONS) + "/";
        List<String> names = new ArrayList<>();
        for (String prefix : requests.prefixes(dir)) {
            String name = prefix.substring(dir.length(), prefix.length() - 1);
            if (Generations.isValid(name)) {
                names.add(name);
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public List<SnapshotInfo> snapshots(String generation) throws IOException {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        String dir = settings.key(Keys.snapshotsDir(generation)) + "/";
        for (BlobListing.Blob b : requests.blobs(dir)) {
            Optional<Long> index = Keys.parseSnapshotName(b.name().substring(dir.length()));
            index.ifPresent(i -> snapshots.add(new SnapshotInfo(generation, i, b.size(), b.lastModified())));
        }
        snapshots.sort(Comparator.comparingLong(SnapshotInfo::index));
        return snapshots;
    }

    @Override
    public List<SegmentInfo> walSegments(String generation) throws IOException {
        List<SegmentInfo> segments = new ArrayList<>();
        String dir = settings.key(Keys.walDir(generation)) + "/";
        for (BlobListing.Blob b : requests.blobs(dir)) {
            Optional<long[]> pos = Keys.parseSegmentName(b.name().substring(dir.length()));
            pos.ifPresent(p -> segments.add(new SegmentInfo(generation, p[0], p[1], b.size(), b.lastModified())));
        }
        segments.sort(Comparator.comparingLong(SegmentInfo::index).thenComparingLong(SegmentInfo::offset));
        return segments;
    }

    @Override
    public SnapshotInfo writeSnapshot(String generation, long index, InputStream compressed) throws IOException {
        long size = requests.upload(settings.key(Keys.snapshot(generation, index)), compressed);
        return new SnapshotInfo(generation, index, size, Instant.now());
    }

    @Override
    public SegmentInfo writeWalSegment(Pos pos, InputStream compressed) throws IOException {
        long size = requests.upload(settings.key(Keys.segment(pos)), compressed);
        return new SegmentInfo(pos.generation(), pos.index(), pos.offset(), size, Instant.now());
    }

    @Override
    public InputStream openSnapshot(String generation, long index) throws IOException {
        return requests.open(settings.key(Keys.snapshot(generation, index)));
    }

    @Override
    public InputStream openWalSegment(Pos pos) throws IOException {
        return requests.open(settings.key(Keys.segment(pos)));
    }

    @Override
    public void deleteSnapshot(String generation, long index) throws IOException {
        requests.delete(settings.key(Keys.snapshot(generation, index)));
    }

    @Override
    public void deleteWalSegments(Collection<Pos> positions) throws IOException {
        for (Pos pos : positions) {
            requests.delete(settings.key(Keys.segment(pos)));
        }
    }

    @Override
    public void deleteGeneration(String generation) throws IOException {
        for (BlobListing.Blob b : requests.blobs(settings.key(Keys.generationDir(generation)) + "/")) {
            requests.delete(b.name());
        }
    }

    @Override
    public List<String> databasesBelow() throws IOException {
        String root = settings.key("");
        return requests.blobs(root).stream().map(b -> Keys.databaseOf(b.name().substring(root.length())))
                .flatMap(Optional::stream).distinct().sorted().toList();
    }

    @Override
    public String toString() {
        return "AbsReplicaClient[" + settings.describe() + "]";
    }
}
