package dev.replicator.control;

import java.util.List;

/** The answer to a {@link Request}: one line per replica, and whether every one succeeded. */
public record Response(boolean ok, List<String> lines) {

    public Response {
        lines = List.copyOf(lines);
    }
}
