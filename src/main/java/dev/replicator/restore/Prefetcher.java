package dev.replicator.restore;

import dev.replicator.DaemonThreads;
import dev.replicator.FileProtection;
import dev.replicator.SegmentInfo;
import dev.replicator.replica.ReplicaClient;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * Downloads WAL segments ahead of the applier, at most {@code parallelism} at a time and at most
 * {@code 4 * parallelism} waiting; the applier opens them in plan order. A segment waits in memory while the
 * waiting ones take less than {@link #MEMORY_BYTES} (no disk write and read back), otherwise in a scratch directory.
 * A directory replica needs no prefetch: its objects are opened where they lie.
 */
final class Prefetcher implements AutoCloseable {

    static final int MEMORY_BYTES = 64 << 20;
    private static final int COPY_BUFFER = 256 << 10;

    private final ReplicaClient client;
    private final Path scratch;
    private final FileProtection protection;
    private final ExecutorService pool;
    private final Semaphore window;
    private final Semaphore memoryKib = new Semaphore(MEMORY_BYTES >> 10);
    private final List<SegmentInfo> order;
    private final List<CompletableFuture<Downloaded>> downloads = new ArrayList<>();
    private int next;

    /** A downloaded segment: its bytes, or the scratch file holding them. */
    private record Downloaded(byte[] bytes, int kib, Path file) {
    }

    /** @param order the segments in the order the applier will open them */
    Prefetcher(ReplicaClient client, List<SegmentInfo> order, int parallelism, Path scratch,
               FileProtection protection) throws IOException {
        this.client = client;
        this.scratch = scratch;
        this.protection = protection;
        this.order = List.copyOf(order);
        boolean remote = !"file".equals(client.type()) && parallelism > 1 && !order.isEmpty();
        this.pool = remote ? Executors.newFixedThreadPool(parallelism, DaemonThreads.named("restore-download")) : null;
        this.window = new Semaphore(4 * Math.max(1, parallelism));
        if (pool != null) {
            deleteScratch(); // left by a restore that was killed
            Files.createDirectory(scratch, protection.directoryAttribute());
            protection.claim(scratch);
            for (SegmentInfo s : order) {
                downloads.add(CompletableFuture.supplyAsync(() -> download(s), pool));
            }
        }
    }

    private Downloaded download(SegmentInfo s) {
        try {
            window.acquire();
            int kib = (int) Math.min(Integer.MAX_VALUE, (s.size() >> 10) + 1);
            if (s.size() < MEMORY_BYTES / 4 && memoryKib.tryAcquire(kib)) {
                try (InputStream in = client.openWalSegment(s.pos())) {
                    return new Downloaded(readAll(in, (int) s.size()), kib, null);
                } catch (IOException | RuntimeException e) {
                    memoryKib.release(kib);
                    throw e;
                }
            }
            Path file = scratch.resolve(String.format("%08x_%08x.wal.lz4", s.index(), s.offset()));
            try (InputStream in = client.openWalSegment(s.pos());
                 OutputStream out = Channels.newOutputStream(FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                         StandardOpenOption.WRITE), protection.fileAttribute()))) {
                byte[] buffer = new byte[COPY_BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            }
            return new Downloaded(null, 0, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Reads a whole object of the listed size (a different size is the decoder's to report). */
    private static byte[] readAll(InputStream in, int listedSize) throws IOException {
        byte[] bytes = new byte[listedSize];
        int n = in.readNBytes(bytes, 0, listedSize);
        if (n < listedSize) {
            return Arrays.copyOf(bytes, n);
        }
        byte[] rest = in.readAllBytes();
        if (rest.length == 0) {
            return bytes;
        }
        byte[] all = Arrays.copyOf(bytes, n + rest.length);
        System.arraycopy(rest, 0, all, n, rest.length);
        return all;
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
        Downloaded d;
        try {
            d = downloads.get(i).get();
            downloads.set(i, null); // the bytes are the caller's now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
        InputStream in = d.file() == null ? new ByteArrayInputStream(d.bytes()) : Files.newInputStream(d.file());
        return new FilterInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                super.close();
                if (closed) {
                    return;
                }
                closed = true;
                if (d.file() != null) {
                    Files.deleteIfExists(d.file());
                }
                memoryKib.release(d.kib());
                window.release();
            }
        };
    }

    @Override
    public void close() throws IOException {
        if (pool != null) {
            pool.shutdownNow();
            downloads.stream().filter(d -> d != null).forEach(d -> d.cancel(true));
            deleteScratch();
        }
    }

    // Files.walk does not follow links: a symlink planted at the name is removed, never what it points to.
    private void deleteScratch() throws IOException {
        if (Files.exists(scratch, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.walk(scratch)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
