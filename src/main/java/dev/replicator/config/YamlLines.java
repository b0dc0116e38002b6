package dev.replicator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key path ({@code dbs[0].replicas[1].retention}) of a YAML text is, and what kind of value it holds:
 * Jackson's binding forgets lines once it has produced a value. Reading also refuses what binding would let
 * through silently: a key written twice, aliases, a second document. A key's line is the key's own; a list item's
 * is where the item starts.
 */
final class YamlLines {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, String> kinds = new HashMap<>();
    private final Map<String, String> scalars = new HashMap<>();
    private final String source;
    private JsonParser parser;

    private YamlLines(String source) {
        this.source = source;
    }

    /** For values given on the command line: no lines. */
    static YamlLines none(String source) {
        return new YamlLines(source);
    }

    static YamlLines read(String text, String source) {
        YamlLines index = new YamlLines(source);
        try (JsonParser parser = FACTORY.createParser(text)) {
            index.parser = parser;
            if (parser.nextToken() != null) {
                index.value("", index.line());
                if (parser.nextToken() != null) {
                    throw index.error("a second YAML document starts here; keep the whole config in one document");
                }
            }
            return index;
        } catch (JsonProcessingException e) {
            throw syntaxError(e, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /** The line of the key or list item at {@code path}, 0 if unknown. */
    int line(String path) {
        return lines.getOrDefault(path, 0);
    }

    /** What the value at {@code path} is, for messages like "must be a string, not a list". */
    String kind(String path) {
        return kinds.getOrDefault(path, "empty");
    }

    /** The text of the scalar at {@code path}, if it is one. */
    Optional<String> scalar(String path) {
        return Optional.ofNullable(scalars.get(path));
    }

    /** "SOURCE line N: " or "SOURCE: " when the line is unknown. */
    String prefix(String path) {
        int line = line(path);
        return line > 0 ? source + " line " + line + ": " : source + ": ";
    }

    private void value(String path, int line) throws IOException {
        lines.putIfAbsent(path, line);
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw error((path.isEmpty() ? "" : path + ": ") + "YAML aliases (*" + parser.getText()
                    + ") are not supported; write the value out");
        }
        JsonToken token = parser.currentToken();
        kinds.put(path, switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "empty";
            default -> throw error((path.isEmpty() ? "" : path + ": ") + "unsupported YAML value (" + token
                    + "); write a plain string, number, list or mapping");
        });
        if (token.isScalarValue()) {
            scalars.put(path, parser.getText());
        } else if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String keyPath = path.isEmpty() ? parser.currentName() : path + "." + parser.currentName();
                Integer earlier = lines.get(keyPath);
                if (earlier != null) {
                    throw error("key " + keyPath + " appears twice (lines " + earlier + " and " + line() + "); keep one");
                }
                int keyLine = line();
                parser.nextToken();
                value(keyPath, keyLine);
            }
        } else {
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                value(path + "[" + i + "]", line());
            }
        }
    }

    private int line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private ConfigException error(String message) {
        return new ConfigException(source + " line " + line() + ": " + message);
    }

    private static ConfigException syntaxError(JsonProcessingException e, String source) {
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        String reason = e.getOriginalMessage();
        // snakeyaml's own exception says what is wrong, and where, more precisely than Jackson's wrapper.
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            reason = yaml.getProblem();
            if (yaml.getProblemMark() != null) {
                line = yaml.getProblemMark().getLine() + 1;
                column = yaml.getProblemMark().getColumn() + 1;
            }
        }
        reason = reason == null ? "unreadable YAML" : reason.strip().lines().findFirst().orElse("").strip();
        String where = line < 1 ? source : source + " line " + line + ", column " + column;
        return new ConfigException(where + ": YAML syntax error: " + reason
                + "; check the indentation (spaces, not tabs) and quote values that contain ': ' or ' #'");
    }
}
