package dev.replicator.torture;

import dev.replicator.testing.HttpHead;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Decides the {@link Fault} for each request that reaches the {@link FaultProxy}. Must be thread-safe. */
@FunctionalInterface
interface FaultPlan {

    FaultPlan PASS = request -> Fault.PASS;

    Fault decide(HttpHead request);

    /** Requests that upload an object (PUT, and multipart POSTs). */
    static boolean isUpload(HttpHead r) {
        return r.method().equals("PUT") || (r.method().equals("POST") && r.target().contains("uploadId"));
    }

    /** Requests that download an object (GET of a key, not a listing). */
    static boolean isDownload(HttpHead r) {
        return r.method().equals("GET") && !r.target().contains("list-type") && r.target().contains(".lz4");
    }

    static boolean isListing(HttpHead r) {
        return r.method().equals("GET") && r.target().contains("list-type");
    }

    /** Each matching request gets one of {@code faults} with probability {@code p}, from a seeded generator. */
    static FaultPlan random(long seed, double p, Predicate<HttpHead> which, Fault... faults) {
        Random random = new Random(seed);
        List<Fault> choices = List.of(faults);
        return request -> {
            if (!which.test(request)) {
                return Fault.PASS;
            }
            synchronized (random) {
                return random.nextDouble() < p ? choices.get(random.nextInt(choices.size())) : Fault.PASS;
            }
        };
    }

    /** The n-th, 2n-th, ... matching request gets {@code fault}. */
    static FaultPlan everyNth(int n, Predicate<HttpHead> which, Fault fault) {
        AtomicInteger seen = new AtomicInteger();
        return request -> which.test(request) && seen.incrementAndGet() % n == 0 ? fault : Fault.PASS;
    }

    /** The first {@code count} matching requests get {@code fault}. */
    static FaultPlan first(int count, Predicate<HttpHead> which, Fault fault) {
        AtomicInteger seen = new AtomicInteger();
        return request -> which.test(request) && seen.incrementAndGet() <= count ? fault : Fault.PASS;
    }
}
