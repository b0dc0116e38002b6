package dev.replicator.config;

import java.util.function.Function;

/**
 * A mapping of the config by its key path ({@code dbs[0].replicas[1]}, "" at the top), for errors that name the
 * source, the line and the full key path.
 */
record Place(YamlText yaml, String path) {

    static Place root(YamlText yaml) {
        return new Place(yaml, "");
    }

    Place child(String key) {
        return new Place(yaml, keyPath(key));
    }

    Place item(String key, int index) {
        return new Place(yaml, keyPath(key) + "[" + index + "]");
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
        return new ConfigException(yaml.prefix(yaml.line(keyPath(key)) > 0 ? keyPath(key) : path) + message);
    }

    ConfigException failHere(String message) {
        return new ConfigException(yaml.prefix(path) + message);
    }

    /** {@code value} of {@code key} read by {@code read}, whose IllegalArgumentException names what is wrong. */
    <T> T read(String key, String value, Function<String, T> read) {
        try {
            return read.apply(value);
        } catch (IllegalArgumentException e) {
            throw fail(key, keyPath(key) + ": " + e.getMessage());
        }
    }
}
