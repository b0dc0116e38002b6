package dev.replicator.replica;

import java.io.IOException;

/** A replica operation failed. The message is one line that names what failed and how to fix it. */
public class ReplicaException extends IOException {

    public ReplicaException(String message) {
        super(message);
    }

    public ReplicaException(String message, Throwable cause) {
        super(message, cause);
    }
}
