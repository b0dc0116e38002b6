package dev.replicator.check;

/** Whether one replica allows everything replicator does, and if not the first thing that failed and its fix. */
public record CheckResult(String db, String replica, String location, boolean ok, String message) {

    public String line() {
        return (ok ? "OK" : "FAILED") + " db=" + db + " replica=" + replica + " (" + location + "): " + message;
    }
}
