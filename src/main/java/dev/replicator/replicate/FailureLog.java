package dev.replicator.replicate;

import org.slf4j.Logger;

/** Logs a failing task once when it starts failing and once when it recovers, not on every retry. */
final class FailureLog {

    private final Logger log;
    private final String subject;
    private String lastError;
    private int failures;

    FailureLog(Logger log, String subject) {
        this.log = log;
        this.subject = subject;
    }

    synchronized void failed(Exception e, boolean verbose) {
        failures++;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (!message.equals(lastError)) {
            if (verbose) {
                log.warn("{} failed, will retry: {}", subject, message, e);
            } else {
                log.warn("{} failed, will retry: {}", subject, message);
            }
            lastError = message;
        } else {
            log.debug("{} failed again ({} in a row): {}", subject, failures, message);
        }
    }

    synchronized void succeeded() {
        if (lastError != null) {
            log.info("{} recovered after {} failed attempts", subject, failures);
        }
        lastError = null;
        failures = 0;
    }

    synchronized int consecutiveFailures() {
        return failures;
    }
}
