package dev.replicator.bench;

import java.io.InputStream;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import net.jpountz.lz4.LZ4FrameInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records when each commit became visible in a replica. Told by the {@link CountingProxy} the moment the server
 * acknowledges a new WAL segment (from then on a LIST shows it), it downloads the segment directly from the server
 * (uncounted), decodes its LZ4 frame, walks its WAL frames and keeps the first time each commit point was seen.
 */
public final class ReplicaWatcher implements CountingProxy.Listener, AutoCloseable {

    private final S3Client direct;
    private final int defaultPageSize;
    private final ExecutorService downloads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "replica-watcher");
        t.setDaemon(true);
        return t;
    });
    private final Map<CommitId, Long> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    public ReplicaWatcher(S3Client direct, int defaultPageSize) {
        this.direct = direct;
        this.defaultPageSize = defaultPageSize;
    }

    @Override
    public void stored(S3Request request, long epochMicros) {
        WalSegmentKey.parse(request.key()).ifPresent(segment ->
                downloads.execute(() -> record(request.bucket(), request.key(), segment, epochMicros)));
    }

    public OptionalLong firstSeen(CommitId commit) {
        Long t = firstSeen.get(commit);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    public long errors() {
        return errors.get();
    }

    public long segments() {
        return segments.get();
    }

    private void record(String bucket, String key, WalSegmentKey segment, long epochMicros) {
        try (InputStream in = new LZ4FrameInputStream(direct.getObject(b -> b.bucket(bucket).key(key)))) {
            byte[] wal = in.readAllBytes();
            for (CommitPoint point : WalFrameWalker.commits(wal, segment.offset(), defaultPageSize)) {
                firstSeen.merge(new CommitId(bucket, segment.database(), point), epochMicros, Math::min);
            }
            segments.incrementAndGet();
        } catch (Exception e) {
            if (errors.getAndIncrement() < 5) {
                System.err.println("bench: cannot read segment " + bucket + "/" + key + ": " + e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        downloads.shutdownNow();
        downloads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
