package dev.replicator.server;

import com.sun.net.httpserver.HttpExchange;
import dev.replicator.config.ApiToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One request to a control API endpoint: method, token, query, then the endpoint's JSON answer. */
final class ControlRequests {

    private static final Logger log = LoggerFactory.getLogger(ControlRequests.class);
    private static final String JSON = "application/json";

    private ControlRequests() {
    }

    static void answer(HttpExchange exchange, HttpEndpoint endpoint, Optional<ApiToken> token) throws IOException {
        String method = exchange.getRequestMethod();
        if (!method.equals(endpoint.method())) {
            exchange.getResponseHeaders().add("Allow", endpoint.method());
            MetricsServer.respond(exchange, 405, JSON, error("use " + endpoint.method() + " " + endpoint.path()));
            return;
        }
        if (method.equals("POST")) {
            if (token.isEmpty()) {
                MetricsServer.respond(exchange, 403, JSON, error("the control API's POSTs are off: set api-token "
                        + "(or api-token-file) in the config and send Authorization: Bearer TOKEN"));
                return;
            }
            String header = exchange.getRequestHeaders().getFirst("Authorization");
            String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
            if (!token.get().matches(given)) {
                MetricsServer.respond(exchange, 401, JSON, "");
                return;
            }
        }
        try {
            HttpEndpoint.Reply reply = endpoint.handle(query(exchange.getRequestURI().getRawQuery()));
            MetricsServer.respond(exchange, reply.status(), JSON, reply.json());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            MetricsServer.respond(exchange, 503, JSON, error("replicate is shutting down"));
        } catch (IOException | RuntimeException e) {
            log.warn("answering {} {} failed: {}", method, endpoint.path(), e.toString());
            MetricsServer.respond(exchange, 500, JSON, error(e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    static String error(String message) {
        return "{\"error\":\"" + Health.jsonEscape(message) + "\"}\n";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
