package dev.replicator.restore;

import dev.replicator.DaemonThreads;
import dev.replicator.FileProtection;
import dev.replicator.SegmentInfo;
import dev.replicator.replica.Codec;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Carries out a {@link RestorePlan} into {@code <out>.tmp}, then {@code PRAGMA integrity_check}, and only then a
 * rename to {@code <out>} (R5, T7). On any failure nothing is left at {@code <out>}.
 *
 * <p>The result is what replaying the snapshot and then each WAL index in order gives (each index verified and
 * applied page by page as a checkpoint would), but written newest first: the WAL indexes from the last to the first,
 * then the snapshot, each page written once with its final content ({@link PageLedger}). The snapshot's header is
 * read first, so that an unreadable snapshot fails the restore before anything else. A pipeline reads, decrypts and
 * decompresses the objects ahead of the replay, on several threads ({@link DecodePipeline}); remote WAL segments are
 * downloaded ahead in parallel ({@link Prefetcher}).
 */
public final class PlanApplier {

    private static final Logger log = LoggerFactory.getLogger(PlanApplier.class);
    private static final int DECODERS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final ReplicaClient client;
    private final Codec codec;
    private final int parallelism;
    private final Progress progress;

    public PlanApplier(ReplicaClient client) {
        this(client, 8, Progress.silent());
    }

    public PlanApplier(ReplicaClient client, int parallelism, Progress progress) {
        this(client, Codec.plain(), parallelism, progress);
    }

    /** @param codec decodes the replica's objects (decrypts them when they are age-encrypted) */
    public PlanApplier(ReplicaClient client, Codec codec, int parallelism, Progress progress) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.client = client;
        this.codec = codec;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    /** Restores {@code plan} to {@code out}, which must not exist, as a file of mode 0600. */
    public void apply(RestorePlan plan, Path out) throws IOException {
        apply(plan, out, FileProtection.PRIVATE);
    }

    /** Restores {@code plan} to {@code out}; it and the scratch files on the way get {@code protection}. */
    public void apply(RestorePlan plan, Path out, FileProtection protection) throws IOException {
        progress.plan(plan);
        List<RestorePlan.IndexSegments> newestFirst = new ArrayList<>(plan.indexes());
        Collections.reverse(newestFirst);
        List<SegmentInfo> order = newestFirst.stream().flatMap(i -> i.segments().stream()).toList();
        String snapshot = RestoreMessages.object(client, Keys.snapshot(plan.generation(), plan.snapshot().index()));
        ExecutorService pool = Executors.newFixedThreadPool(DECODERS, DaemonThreads.named("restore-decode"));
        try (RestoredFile file = new RestoredFile(out, protection)) {
            SqliteWarmUp.start();
            int pageSize = SnapshotPages.probe(() -> codec.decode(openSnapshot(plan), snapshot), snapshot);
            long start = System.nanoTime();
            long snapshotBytes;
            try (Prefetcher prefetch = new Prefetcher(client, order, parallelism,
                    Path.of(file.tmp() + "-download"), protection);
                 DecodePipeline objects = new DecodePipeline(sources(order, prefetch, plan, snapshot), pool,
                         DECODERS + 2)) {
                PageLedger ledger = new PageLedger();
                PageWriter pages = new PageWriter(file.channel());
                WalIndexReplay replay = new WalIndexReplay(client, objects, pages, ledger, pageSize, progress);
                for (RestorePlan.IndexSegments index : newestFirst) {
                    replay.replay(plan.generation(), index);
                }
                snapshotBytes = SnapshotPages.write(objects.next(), snapshot, pageSize, pages, ledger);
                progress.advance(plan.snapshot().size(), 0);
                file.finish(ledger, snapshotBytes, pageSize);
            }
            long written = System.nanoTime();
            progress.done();
            String check = file.checkWhileSyncing(pool);
            log.debug("restore wrote {} bytes in {} ms, then integrity_check and fsync took {} ms", snapshotBytes,
                    (written - start) / 1_000_000, (System.nanoTime() - written) / 1_000_000);
            if (!"ok".equals(check)) {
                throw new RestoreException("restored database failed PRAGMA integrity_check (" + check
                        + "): the replica is damaged; restore from another replica or an earlier point");
            }
            file.publish();
        } finally {
            pool.shutdownNow();
        }
    }

    /** The objects in the order they are applied: the WAL segments of the newest index first, the snapshot last. */
    private List<DecodePipeline.Source> sources(List<SegmentInfo> order, Prefetcher prefetch, RestorePlan plan,
                                                String snapshot) {
        List<DecodePipeline.Source> sources = new ArrayList<>();
        for (SegmentInfo s : order) {
            sources.add(() -> codec.lz4Frame(prefetch.open(s), RestoreMessages.object(client, s)));
        }
        sources.add(() -> codec.lz4Frame(openSnapshot(plan), snapshot));
        return sources;
    }

    private InputStream openSnapshot(RestorePlan plan) throws IOException {
        return client.openSnapshot(plan.generation(), plan.snapshot().index());
    }
}
