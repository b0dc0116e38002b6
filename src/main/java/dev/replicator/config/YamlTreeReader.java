package dev.replicator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML text into {@link YamlNode}s with line numbers. Jackson's streaming parser is used instead of its tree
 * model because the tree forgets lines, silently keeps the last of two duplicate keys, and turns aliases into
 * their anchor's name.
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final JsonParser parser;
    private final String source;

    private YamlTreeReader(JsonParser parser, String source) {
        this.parser = parser;
        this.source = source;
    }

    static YamlNode read(String text, String source) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            YamlTreeReader reader = new YamlTreeReader(parser, source);
            if (parser.nextToken() == null) {
                return new YamlNode.Mapping(Map.of(), 1);
            }
            YamlNode root = reader.value("");
            if (parser.nextToken() != null) {
                throw reader.error("a second YAML document starts here; keep the whole config in one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e, source);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String does no I/O
        }
    }

    private YamlNode value(String path) throws IOException {
        int line = line();
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            throw error((path.isEmpty() ? "" : path + ": ") + "YAML aliases (*" + parser.getText()
                    + ") are not supported; write the value out");
        }
        return switch (token) {
            case START_OBJECT -> mapping(path, line);
            case START_ARRAY -> sequence(path, line);
            case VALUE_STRING -> new YamlNode.Scalar(YamlNode.Scalar.Type.STRING, parser.getText(), line);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                    new YamlNode.Scalar(YamlNode.Scalar.Type.NUMBER, parser.getText(), line);
            case VALUE_TRUE, VALUE_FALSE -> new YamlNode.Scalar(YamlNode.Scalar.Type.BOOLEAN, parser.getText(), line);
            case VALUE_NULL -> new YamlNode.Scalar(YamlNode.Scalar.Type.NULL, null, line);
            default -> throw error((path.isEmpty() ? "" : path + ": ") + "unsupported YAML value (" + token
                    + "); write a plain string, number, list or mapping");
        };
    }

    private YamlNode.Mapping mapping(String path, int line) throws IOException {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode.Entry earlier = entries.get(key);
            if (earlier != null) {
                throw error("key " + keyPath + " appears twice (lines " + earlier.keyLine() + " and " + keyLine
                        + "); keep one");
            }
            parser.nextToken();
            entries.put(key, new YamlNode.Entry(value(keyPath), keyLine));
        }
        return new YamlNode.Mapping(entries, line);
    }

    private YamlNode.Sequence sequence(String path, int line) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(value(path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(items, line);
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
