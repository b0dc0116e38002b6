package dev.replicator.restore;

import java.io.IOException;

/** A restore that cannot go on: the message names what is missing or broken. */
public class RestoreException extends IOException {

    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
