package dev.replicator.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A mapping of the config by its key path ({@code dbs[0].replicas[1]}, "" at the top), for errors that name the
 * source, the line and the full key path.
 */
record Place(YamlLines lines, String path) {

    static Place root(YamlLines lines) {
        return new Place(lines, "");
    }

    Place child(String key) {
        return new Place(lines, keyPath(key));
    }

    Place item(String key, int index) {
        return new Place(lines, keyPath(key) + "[" + index + "]");
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of this mapping itself, or "the config" at the top. */
    String name() {
        return path.isEmpty() ? "the config" : path;
    }

    /** An error on the line of {@code key}, or of this mapping when the key is absent. */
    ConfigException fail(String key, String message) {
        return new ConfigException(lines.prefix(lines.line(keyPath(key)) > 0 ? keyPath(key) : path) + message);
    }

    ConfigException failHere(String message) {
        return new ConfigException(lines.prefix(path) + message);
    }

    /** {@code value}, the list item at this path, unless it is empty ({@code - } alone binds to null). */
    <T> T notEmpty(T value, String expected) {
        if (value == null) {
            throw failHere(path + " must be " + expected + ", not " + lines.kind(path));
        }
        return value;
    }

    /** A duration that must be more than zero when set. */
    Optional<Duration> positive(String key, Duration value) {
        if (value != null && value.isZero()) {
            throw fail(key, keyPath(key) + " must be more than 0s; remove it to get the default");
        }
        return Optional.ofNullable(value);
    }
}
