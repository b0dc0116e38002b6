package dev.replicator.check;

import dev.replicator.Names;

/** Whether one replica allows everything replicator does, and if not the first thing that failed and its fix. */
public record CheckResult(String db, String replica, String location, boolean ok, String message) {

    /** This result with the age key check appended; a failed key check fails the replica. */
    public CheckResult and(AgeKeyCheck keys) {
        String joined = ok && !keys.ok() ? message + ", but " + keys.message() : message + "; " + keys.message();
        return new CheckResult(db, replica, location, ok && keys.ok(), joined);
    }

    public String line() {
        return (ok ? "OK" : "FAILED") + " db=" + db + " replica=" + Names.quoted(replica)
                + " (" + location + "): " + message;
    }
}
