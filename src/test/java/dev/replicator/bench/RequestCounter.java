package dev.replicator.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts requests per bucket and class; {@link #snapshot} and {@link RequestCounts#minus} give a window's counts.
 * Every request is also appended to a log ({@code EPOCH_MICROS METHOD BUCKET KEY ?QUERY}), the evidence behind a count.
 */
public final class RequestCounter implements Closeable {

    private final Map<String, AtomicLongArray> buckets = new ConcurrentHashMap<>();
    private final PrintWriter log;

    public RequestCounter(Path log) throws IOException {
        this.log = new PrintWriter(Files.newBufferedWriter(log));
    }

    public void count(S3Request request) {
        synchronized (log) {
            log.println(Micros.now() + " " + request.method() + " " + request.bucket() + " " + request.key() + " ?"
                    + request.query());
        }
        buckets.computeIfAbsent(request.bucket(), b -> new AtomicLongArray(RequestClass.values().length))
                .incrementAndGet(request.type().ordinal());
    }

    public RequestCounts snapshot(String bucket) {
        AtomicLongArray counts = buckets.get(bucket);
        Map<RequestClass, Long> byClass = new EnumMap<>(RequestClass.class);
        if (counts != null) {
            for (RequestClass c : RequestClass.values()) {
                long n = counts.get(c.ordinal());
                if (n != 0) {
                    byClass.put(c, n);
                }
            }
        }
        return new RequestCounts(byClass);
    }

    @Override
    public void close() {
        synchronized (log) {
            log.close();
        }
    }
}
