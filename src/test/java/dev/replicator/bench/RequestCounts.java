package dev.replicator.bench;

import java.util.EnumMap;
import java.util.Map;

/** S3 requests by {@link RequestClass}. */
public record RequestCounts(Map<RequestClass, Long> byClass) {

    public static final RequestCounts NONE = new RequestCounts(Map.of());

    public RequestCounts {
        byClass = Map.copyOf(byClass);
    }

    public long get(RequestClass c) {
        return byClass.getOrDefault(c, 0L);
    }

    public long total() {
        return byClass.values().stream().mapToLong(Long::longValue).sum();
    }

    public RequestCounts minus(RequestCounts earlier) {
        Map<RequestClass, Long> diff = new EnumMap<>(RequestClass.class);
        for (RequestClass c : RequestClass.values()) {
            long d = get(c) - earlier.get(c);
            if (d != 0) {
                diff.put(c, d);
            }
        }
        return new RequestCounts(diff);
    }
}
