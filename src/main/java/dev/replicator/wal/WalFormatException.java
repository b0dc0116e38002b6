package dev.replicator.wal;

import java.io.IOException;

/** Bytes that claim to be a SQLite WAL but are not a valid one. */
public class WalFormatException extends IOException {

    public WalFormatException(String message) {
        super(message);
    }
}
