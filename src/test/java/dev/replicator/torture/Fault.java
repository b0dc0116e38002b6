package dev.replicator.torture;

import java.time.Duration;

/** What the {@link FaultProxy} does to one request. */
record Fault(Kind kind, int status, Duration delay) {

    enum Kind {
        /** Forward and answer normally. */
        PASS,
        /** Answer with an S3 error status without forwarding: nothing is stored. */
        STATUS,
        /** Forward (the object is stored), then answer with an S3 error status anyway. */
        STATUS_AFTER_FORWARD,
        /** Reset the connection (RST) after reading the request head, without forwarding. */
        RESET_BEFORE_FORWARD,
        /** Read half of the request body, then reset: an upload cut off in the middle. */
        RESET_MID_REQUEST,
        /** Forward (the object is stored), then reset instead of answering: the ack is lost. */
        RESET_AFTER_FORWARD,
        /** Forward only half of the request body to the server, then hang up on both sides. */
        TRUNCATE_REQUEST,
        /** Forward, then send the response head and only half of its body, and close. */
        TRUNCATE_RESPONSE,
        /** Wait {@code delay} before forwarding. */
        DELAY,
        /** Forward, then dribble the response out over {@code delay}. */
        SLOW_RESPONSE
    }

    static final Fault PASS = new Fault(Kind.PASS, 0, Duration.ZERO);

    static Fault status(int status) {
        return new Fault(Kind.STATUS, status, Duration.ZERO);
    }

    static Fault statusAfterForward(int status) {
        return new Fault(Kind.STATUS_AFTER_FORWARD, status, Duration.ZERO);
    }

    static Fault of(Kind kind) {
        return new Fault(kind, 0, Duration.ZERO);
    }

    static Fault delay(Duration delay) {
        return new Fault(Kind.DELAY, 0, delay);
    }

    static Fault slowResponse(Duration over) {
        return new Fault(Kind.SLOW_RESPONSE, 0, over);
    }

    boolean isFault() {
        return kind != Kind.PASS;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case STATUS, STATUS_AFTER_FORWARD -> kind + "(" + status + ")";
            case DELAY, SLOW_RESPONSE -> kind + "(" + delay.toMillis() + "ms)";
            default -> kind.toString();
        };
    }
}
