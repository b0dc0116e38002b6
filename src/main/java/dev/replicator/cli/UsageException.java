package dev.replicator.cli;

/** Arguments that make no sense together; exits 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
