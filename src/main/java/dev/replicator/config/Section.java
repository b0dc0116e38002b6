package dev.replicator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML mapping of the config with typed, strict accessors. Every error names the source, the line and the
 * full key path ({@code dbs[0].replicas[1].retention}). Null values and empty strings read as absent, so
 * {@code endpoint: ${S3_ENDPOINT:-}} means "no endpoint" when the variable is unset.
 */
final class Section {

    private final YamlNode.Mapping map;
    private final String path;
    private final String source;

    private Section(YamlNode.Mapping map, String path, String source) {
        this.map = map;
        this.path = path;
        this.source = source;
    }

    static Section root(YamlNode node, String source) {
        if (node instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return new Section(new YamlNode.Mapping(Map.of(), node.line()), "", source);
        }
        if (!(node instanceof YamlNode.Mapping mapping)) {
            throw new ConfigException(prefix(source, node.line()) + "the config must be a mapping of keys (dbs:, addr:, "
                    + "logging: ...), not " + node.kind());
        }
        return new Section(mapping, "", source);
    }

    /** A section built in code from string values, for the command-line forms; its errors carry no line. */
    static Section of(Map<String, String> values, String source) {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        values.forEach((key, value) -> entries.put(key,
                new YamlNode.Entry(new YamlNode.Scalar(YamlNode.Scalar.Type.STRING, value, 0), 0)));
        return new Section(new YamlNode.Mapping(entries, 0), "", source);
    }

    String source() {
        return source;
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of this section itself, or "the config" at the top. */
    String name() {
        return path.isEmpty() ? "the config" : path;
    }

    ConfigException fail(String key, String message) {
        YamlNode.Entry entry = map.entries().get(key);
        return new ConfigException(prefix(source, entry == null ? map.line() : entry.keyLine()) + message);
    }

    ConfigException failHere(String message) {
        return new ConfigException(prefix(source, map.line()) + message);
    }

    void allowOnly(Collection<String> known) {
        for (String key : map.entries().keySet()) {
            if (!known.contains(key)) {
                String hint = Suggestions.closest(key, known)
                        .map(s -> "did you mean '" + s + "'?")
                        .orElse("remove it; known keys here are " + String.join(", ", known));
                throw fail(key, "unknown key " + keyPath(key) + ": " + hint);
            }
        }
    }

    boolean has(String key) {
        return present(key).isPresent();
    }

    Optional<String> string(String key) {
        return present(key).map(node -> {
            if (node instanceof YamlNode.Scalar scalar) {
                return scalar.text();
            }
            throw wrongType(key, "a string", node);
        });
    }

    Optional<Boolean> bool(String key) {
        return present(key).map(node -> {
            if (node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Scalar.Type.NUMBER) {
                switch (scalar.text().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on":
                        return true;
                    case "false", "no", "off":
                        return false;
                    default:
                        throw fail(key, keyPath(key) + " must be true or false, not '" + scalar.text() + "'");
                }
            }
            throw wrongType(key, "true or false", node);
        });
    }

    Optional<Integer> integer(String key) {
        return present(key).map(node -> {
            if (node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Scalar.Type.NUMBER) {
                try {
                    return Integer.parseInt(scalar.text().replace("_", ""));
                } catch (NumberFormatException e) {
                    throw fail(key, keyPath(key) + " must be a whole number, not " + scalar.text());
                }
            }
            throw wrongType(key, "a whole number", node);
        });
    }

    Optional<Duration> duration(String key) {
        return present(key).map(node -> {
            if (node instanceof YamlNode.Scalar scalar && scalar.type() != YamlNode.Scalar.Type.BOOLEAN) {
                try {
                    return Durations.parse(scalar.text());
                } catch (IllegalArgumentException e) {
                    throw fail(key, keyPath(key) + ": " + e.getMessage());
                }
            }
            throw wrongType(key, "a duration like 1s, 10m or 24h", node);
        });
    }

    /** A duration that must be more than zero, or {@code defaultValue} when absent. */
    Duration positiveDuration(String key, Duration defaultValue) {
        return positiveDuration(key).orElse(defaultValue);
    }

    Optional<Duration> positiveDuration(String key) {
        Optional<Duration> value = duration(key);
        if (value.isPresent() && value.get().isZero()) {
            throw fail(key, keyPath(key) + " must be more than 0s; remove it to get the default");
        }
        return value;
    }

    Optional<List<String>> strings(String key) {
        return present(key).map(node -> {
            if (!(node instanceof YamlNode.Sequence sequence)) {
                throw wrongType(key, "a list, like [a, b]", node);
            }
            List<String> values = new ArrayList<>();
            for (YamlNode item : sequence.items()) {
                if (!(item instanceof YamlNode.Scalar scalar) || scalar.isNull() || scalar.text().isEmpty()) {
                    throw new ConfigException(prefix(source, item.line()) + keyPath(key) + "[" + values.size()
                            + "] must be a non-empty string, not " + item.kind());
                }
                values.add(scalar.text());
            }
            return List.copyOf(values);
        });
    }

    Optional<Section> section(String key) {
        return present(key).map(node -> {
            if (node instanceof YamlNode.Mapping mapping) {
                return new Section(mapping, keyPath(key), source);
            }
            throw wrongType(key, "a mapping (indented key: value lines)", node);
        });
    }

    Optional<List<Section>> sections(String key) {
        return present(key).map(node -> {
            if (!(node instanceof YamlNode.Sequence sequence)) {
                throw wrongType(key, "a list of mappings (lines starting with '- ')", node);
            }
            List<Section> sections = new ArrayList<>();
            for (YamlNode item : sequence.items()) {
                String itemPath = keyPath(key) + "[" + sections.size() + "]";
                if (!(item instanceof YamlNode.Mapping mapping)) {
                    throw new ConfigException(prefix(source, item.line()) + itemPath
                            + " must be a mapping (key: value lines after '- '), not " + item.kind());
                }
                sections.add(new Section(mapping, itemPath, source));
            }
            return List.copyOf(sections);
        });
    }

    private Optional<YamlNode> present(String key) {
        YamlNode.Entry entry = map.entries().get(key);
        if (entry == null || entry.value() instanceof YamlNode.Scalar scalar
                && (scalar.isNull() || scalar.text().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    private ConfigException wrongType(String key, String expected, YamlNode actual) {
        return fail(key, keyPath(key) + " must be " + expected + ", not " + actual.kind());
    }

    static String prefix(String source, int line) {
        return line > 0 ? source + " line " + line + ": " : source + ": ";
    }
}
