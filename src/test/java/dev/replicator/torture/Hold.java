package dev.replicator.torture;

import dev.replicator.testing.HttpHead;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A request the {@link FaultProxy} parks until {@link #release()}: before forwarding it (the server never sees it)
 * or after the server answered (the object is stored, the client has no answer yet). After release the client's
 * connection is reset either way; the point is to kill the client while it waits.
 */
final class Hold {

    enum Point { BEFORE_FORWARD, AFTER_FORWARD }

    private static final Duration MAX_PARK = Duration.ofSeconds(60);

    private final Predicate<HttpHead> which;
    private final Point point;
    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Hold(Predicate<HttpHead> which, Point point) {
        this.which = which;
        this.point = point;
    }

    Point point() {
        return point;
    }

    boolean matches(HttpHead r) {
        return which.test(r);
    }

    void park() throws InterruptedException {
        parked.countDown();
        released.await(MAX_PARK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether a request is parked now (or was, if released). */
    boolean isParked() {
        return parked.getCount() == 0;
    }

    void release() {
        released.countDown();
    }
}
