package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.replica.ReplicaClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Downloads WAL segments ahead of the applier, at most {@code parallelism} at a time and at most
 * {@code 4 * parallelism} waiting on disk, into a scratch directory; the applier opens them in plan order.
 * A directory replica needs no prefetch: its objects are opened where they lie.
 */
final class Prefetcher implements AutoCloseable {

    private final ReplicaClient client;
    private final Path scratch;
    private final ExecutorService pool;
    private final Semaphore window;
    private final List<SegmentInfo> order;
    private final List<CompletableFuture<Path>> downloads = new ArrayList<>();
    private int next;

    /** @param order the segments in the order the applier will open them */
    Prefetcher(ReplicaClient client, List<SegmentInfo> order, int parallelism, Path scratch) throws IOException {
        this.client = client;
        this.scratch = scratch;
        this.order = List.copyOf(order);
        boolean remote = !"file".equals(client.type()) && parallelism > 1 && !order.isEmpty();
        this.pool = remote ? Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "restore-download");
            t.setDaemon(true);
            return t;
        }) : null;
        this.window = new Semaphore(4 * Math.max(1, parallelism));
        if (pool != null) {
            Files.createDirectories(scratch);
            for (SegmentInfo s : order) {
                downloads.add(CompletableFuture.supplyAsync(() -> download(s), pool));
            }
        }
    }

    private Path download(SegmentInfo s) {
        try {
            window.acquire();
            Path file = scratch.resolve(String.format("%08x_%08x.wal.lz4", s.index(), s.offset()));
            try (InputStream in = client.openWalSegment(s.pos())) {
                Files.copy(in, file);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Opens the compressed bytes of the next segment in plan order, which must be {@code expected}. */
    InputStream open(SegmentInfo expected) throws IOException {
        if (!expected.equals(order.get(next))) {
            throw new IllegalStateException("segments must be opened in plan order");
        }
        int i = next++;
        if (pool == null) {
            return client.openWalSegment(expected.pos());
        }
        Path file;
        try {
            file = downloads.get(i).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        InputStream in = Files.newInputStream(file);
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() throws IOException {
                super.close();
                Files.deleteIfExists(file);
                window.release();
            }
        };
    }

    @Override
    public void close() throws IOException {
        if (pool != null) {
            pool.shutdownNow();
            downloads.forEach(d -> d.cancel(true));
            if (Files.exists(scratch)) {
                try (Stream<Path> files = Files.walk(scratch)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
