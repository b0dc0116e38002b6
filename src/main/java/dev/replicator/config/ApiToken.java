package dev.replicator.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The control API's bearer token ({@code api-token} or {@code api-token-file}); never printed. */
public record ApiToken(String value) {

    /** Compares in constant time, so the answer's timing says nothing about the token. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[****]";
    }
}
