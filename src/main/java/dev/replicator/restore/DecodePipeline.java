package dev.replicator.restore;

import dev.replicator.DaemonThreads;
import net.jpountz.xxhash.StreamingXXHash32;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decompresses a sequence of LZ4-framed objects ahead of their reader. A reader thread opens the objects in order
 * and reads their blocks; a pool decompresses the blocks in parallel and hashes each frame's content in order (the
 * content checksum); {@link #next} hands out each object's bytes in order. So reading the next objects, decompressing
 * and checksumming overlap with whatever the caller does with the current one.
 *
 * <p>Every check of the format is made and every error reaches the caller when it reaches the object at fault, never
 * earlier. Blocks go to the pool in batches of up to 1 MB (or one block, if larger). Memory is bounded: at most
 * {@code 2 * window + 2} batches exist at a time, each at most 4 MB; their buffers are reused.
 */
final class DecodePipeline implements AutoCloseable {

    /** Opens one object and returns its LZ4 frame bytes (decrypted if need be). */
    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    private sealed interface Item permits Data, End, Failed {
    }

    private record Data(CompletableFuture<Batch> batch) implements Item {
    }

    private record End(CompletableFuture<Void> verified) implements Item {
    }

    private record Failed(IOException error) implements Item {
    }

    private static final int BATCH_BYTES = 1 << 20;

    private final List<Source> sources;
    private final ExecutorService pool;
    private final BlockingQueue<Item> queue;
    private final Semaphore batches;
    private final Buffers free = new Buffers();
    private final Thread reader;
    private int handedOut;
    private ObjectStream last;
    private volatile boolean closed;

    /**
     * @param pool   decompresses and hashes; {@code window} should exceed its thread count by one or two
     * @param window blocks read ahead of the caller, at least 1
     */
    DecodePipeline(List<Source> sources, ExecutorService pool, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, not " + window);
        }
        this.sources = List.copyOf(sources);
        this.pool = pool;
        this.queue = new ArrayBlockingQueue<>(window);
        this.batches = new Semaphore(2 * window + 2);
        this.reader = DaemonThreads.create(this::readAll, "restore-read");
        reader.start();
    }

    /** The decompressed bytes of the next object; read it to its end before asking for the one after. */
    InputStream next() {
        if (handedOut >= sources.size()) {
            throw new IllegalStateException("all " + sources.size() + " objects were handed out");
        }
        if (last != null && !last.ended) {
            throw new IllegalStateException("object " + handedOut + " was not read to its end");
        }
        handedOut++;
        last = new ObjectStream();
        return last;
    }

    private void readAll() {
        for (Source source : sources) {
            try (InputStream in = source.open()) {
                readObject(new Lz4FrameParser(in));
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                put(new Failed(e));
                return;
            } catch (Throwable e) {
                put(new Failed(new IOException(e.toString(), e)));
                return;
            }
        }
    }

    /** Queues an item for the caller; gives up once the pipeline is closed. */
    private void put(Item item) {
        try {
            while (!closed) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void readObject(Lz4FrameParser parser) throws IOException, InterruptedException {
        CompletableFuture<Void> verified = CompletableFuture.completedFuture(null);
        Lz4FrameParser.Frame frame;
        while ((frame = parser.nextFrame()) != null) {
            StreamingXXHash32 hash = frame.contentChecksum() ? Lz4FrameParser.HASHES.newStreamingHash32(0) : null;
            long[] produced = {0};
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            int perBatch = Math.max(1, BATCH_BYTES / frame.maxBlockSize());
            List<Lz4FrameParser.Block> blocks = new ArrayList<>(perBatch);
            boolean ended = false;
            while (!ended) {
                Lz4FrameParser.Block block = parser.nextBlock();
                ended = block == null;
                if (!ended) {
                    blocks.add(block);
                }
                if (blocks.size() == perBatch || (ended && !blocks.isEmpty())) {
                    if (closed) {
                        throw new InterruptedException();
                    }
                    batches.acquire();
                    List<Lz4FrameParser.Block> these = List.copyOf(blocks);
                    blocks.clear();
                    int size = frame.maxBlockSize();
                    CompletableFuture<Batch> decoded = CompletableFuture.supplyAsync(() -> decode(these, size), pool);
                    chain = decoded.thenAcceptBothAsync(chain, (batch, ignored) -> {
                        for (int i = 0; i < batch.count; i++) {
                            if (hash != null) {
                                hash.update(batch.buffers[i], 0, batch.lengths[i]);
                            }
                            produced[0] += batch.lengths[i];
                        }
                        batch.release();
                    }, pool);
                    queue.put(new Data(decoded));
                }
            }
            int expected = frame.contentChecksum() ? parser.contentChecksum() : 0;
            long contentSize = frame.contentSize();
            verified = verified.thenCombine(chain.thenRun(() -> {
                if (hash != null && hash.getValue() != expected) {
                    throw new CompletionException(new IOException("LZ4 content checksum mismatch (corrupt)"));
                }
                if (contentSize >= 0 && contentSize != produced[0]) {
                    throw new CompletionException(new IOException("LZ4 frame holds " + produced[0]
                            + " bytes but its header says " + contentSize + " (corrupt)"));
                }
            }), (a, b) -> null);
        }
        queue.put(new End(verified));
    }

    private Batch decode(List<Lz4FrameParser.Block> blocks, int maxBlockSize) {
        Batch batch = new Batch(blocks.size());
        try {
            for (Lz4FrameParser.Block block : blocks) {
                byte[] out = free.take(maxBlockSize);
                batch.buffers[batch.count] = out;
                batch.lengths[batch.count] = Lz4FrameParser.decompress(block, out);
                batch.count++;
            }
            return batch;
        } catch (IOException e) {
            batch.release();
            batch.release();
            throw new CompletionException(e);
        }
    }

    /**
     * Consecutive decompressed blocks of one frame, decoded by one task (a task per 64 KB block costs more in thread
     * wake-ups than the decompression). Released to the pool once both the caller and the content hash are done.
     */
    private final class Batch {
        final byte[][] buffers;
        final int[] lengths;
        int count;
        private final AtomicInteger users = new AtomicInteger(2);

        Batch(int size) {
            buffers = new byte[size][];
            lengths = new int[size];
        }

        void release() {
            if (users.decrementAndGet() == 0) {
                for (byte[] b : buffers) {
                    if (b != null) {
                        free.give(b);
                    }
                }
                batches.release();
            }
        }
    }

    /** Reusable block buffers: zeroing a fresh 4 MB array for every block costs more than decompressing it. */
    private static final class Buffers {
        private final ArrayDeque<byte[]> spare = new ArrayDeque<>();

        synchronized byte[] take(int size) {
            byte[] b = spare.poll();
            while (b != null && b.length != size) {
                b = spare.poll();
            }
            return b != null ? b : new byte[size];
        }

        synchronized void give(byte[] b) {
            if (spare.size() < 64) {
                spare.push(b);
            }
        }
    }

    private final class ObjectStream extends InputStream {
        private Batch batch;
        private int block;
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (batch == null || pos >= batch.lengths[block]) {
                if (batch != null && block + 1 < batch.count) {
                    block++;
                    pos = 0;
                } else if (ended || !advance()) {
                    return -1;
                }
            }
            int n = Math.min(len, batch.lengths[block] - pos);
            System.arraycopy(batch.buffers[block], pos, b, off, n);
            pos += n;
            return n;
        }

        /** Moves to the next batch of this object; false at its end, once its checksums are verified. */
        private boolean advance() throws IOException {
            if (batch != null) {
                batch.release();
                batch = null;
            }
            Item item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while decompressing");
            }
            if (item instanceof Failed f) {
                ended = true;
                throw f.error();
            }
            if (item instanceof End e) {
                ended = true;
                await(e.verified());
                return false;
            }
            batch = await(((Data) item).batch());
            block = 0;
            pos = 0;
            return true;
        }

        @Override
        public void close() {
            if (batch != null) {
                batch.release();
                batch = null;
            }
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while decompressing");
        } catch (CancellationException e) {
            throw new IOException("decompression cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    /** Stops the reader thread; blocks still decompressing finish on the pool and are dropped. */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
