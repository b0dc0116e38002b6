package dev.replicator.control;

import java.util.List;

/**
 * Work asked of the {@code replicate} that runs a database: a snapshot now, a restore drill, or where it stands.
 *
 * @param replicas the replica names to do it for; empty means all
 */
public record Request(String id, Kind kind, List<String> replicas) {

    public enum Kind { SNAPSHOT, VERIFY, STATUS }

    public Request {
        replicas = List.copyOf(replicas);
    }
}
