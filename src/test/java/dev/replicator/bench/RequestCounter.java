package dev.replicator.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts requests per bucket and class; {@link #snapshot} and {@link RequestCounts#minus} give a window's counts. */
public final class RequestCounter {

    private final Map<String, AtomicLongArray> buckets = new ConcurrentHashMap<>();

    public void count(S3Request request) {
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
}
