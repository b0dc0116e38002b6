package dev.replicator.verify;

import dev.replicator.Names;
import dev.replicator.Pos;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one restore drill of one replica.
 *
 * @param position the WAL position compared, when the drill got that far
 * @param message  what was checked, or the first thing that was wrong and how to go on
 */
public record VerifyResult(String db, String replica, boolean ok, Optional<Pos> position, String message,
                           Instant at, Duration took) {

    /** One line for the terminal: {@code OK db=... replica=...: message}. */
    public String line() {
        return (ok ? "OK" : "FAILED") + " db=" + db + " replica=" + Names.quoted(replica) + ": " + message;
    }
}
