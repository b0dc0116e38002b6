package dev.replicator.server;

import java.io.IOException;
import java.util.Map;

/**
 * A route of the control API served beside {@code /metrics} and {@code /healthz}, built by higher layers (which know
 * how to take a snapshot); {@link MetricsServer} does the routing, the token check and the answering.
 */
public interface HttpEndpoint {

    /** Like {@code /snapshot}. */
    String path();

    /** {@code GET} or {@code POST}. */
    String method();

    /** The answer to a request with {@code query} (decoded parameters); may take long, never blocks the others. */
    Reply handle(Map<String, String> query) throws IOException, InterruptedException;

    /** A status code and a JSON body. */
    record Reply(int status, String json) {
    }
}
