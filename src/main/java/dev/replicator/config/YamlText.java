package dev.replicator.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A config's YAML, read by {@link YamlTree}, with the line of each key path ({@code dbs[0].replicas[1].retention}: a
 * key's own line, a list item's first) for the errors found after binding. Jackson binds it to {@link ConfigFile}:
 * unknown keys and empty list items fail, "" reads as absent, durations go through {@link Durations#parse} and must be
 * more than 0. Every failure is one line naming the line, the key path and, for an unknown key, the key meant.
 */
final class YamlText {

    private static final PropertyNamingStrategies.NamingBase KEBAB = new PropertyNamingStrategies.KebabCaseStrategy();
    private static final ObjectMapper MAPPER = mapper();
    private static final List<String> TOP_KEYS = keys(ConfigFile.class);

    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, String> scalars = new HashMap<>(); // by key path, for error messages
    private final String source;
    private final YamlTree tree; // null for an empty document

    private YamlText(String source, YamlTree tree) {
        this.source = source;
        this.tree = tree;
    }

    /** For values given on the command line: no lines. */
    static YamlText none(String source) {
        return new YamlText(source, null);
    }

    static YamlText read(String text, String source) {
        try {
            return new YamlText(source, YamlTree.read(text, source));
        } catch (YAMLException e) {
            throw syntaxError(e, source);
        }
    }

    /** The document's top node, for adapting other shapes before binding; null when empty. */
    YamlTree.Node root() {
        return tree == null ? null : tree.root();
    }

    /** The line of the key or list item at {@code path}, 0 if unknown. */
    int line(String path) {
        return lines.getOrDefault(path, 0);
    }

    /** "SOURCE line N: " or "SOURCE: " when the line is unknown. */
    String prefix(String path) {
        int line = line(path);
        return line > 0 ? source + " line " + line + ": " : source + ": ";
    }

    ConfigFile bind() {
        YamlTree.Node root = root();
        if (root == null) {
            return ConfigFile.EMPTY;
        }
        JsonParser parser = tokens(root).asParser(MAPPER);
        try {
            return ConfigReader.orElse(MAPPER.readValue(parser, ConfigFile.class), ConfigFile.EMPTY);
        } catch (UnrecognizedPropertyException e) {
            throw unknownKey(e);
        } catch (JsonMappingException e) {
            String path = path(e);
            String detail = e.getCause() instanceof IllegalArgumentException bad ? bad.getMessage()
                    : " must be " + expected(e, path) + ", not " + kind(parser.currentToken());
            throw new ConfigException(prefix(path) + (path.isEmpty() ? "the config" : path) + detail);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a TokenBuffer does no I/O
        }
    }

    private TokenBuffer tokens(YamlTree.Node root) {
        TokenBuffer tokens = new TokenBuffer(MAPPER, false);
        try {
            emit(root, "", root.line(), tokens, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a TokenBuffer does no I/O
        }
        return tokens;
    }

    /**
     * Writes {@code node} as tokens and notes each path's line. A top-level key that is not a config key and holds
     * an anchor used elsewhere only defines shared settings: it is left out, as Litestream ignores it.
     */
    private void emit(YamlTree.Node node, String path, int line, TokenBuffer out, boolean top) throws IOException {
        lines.putIfAbsent(path, line);
        if (node instanceof YamlTree.Mapping mapping) {
            out.writeStartObject();
            for (Map.Entry<String, YamlTree.Entry> e : mapping.entries().entrySet()) {
                if (top && tree.definesShared(e.getKey(), e.getValue().value()) && !TOP_KEYS.contains(e.getKey())) {
                    continue;
                }
                out.writeFieldName(e.getKey());
                emit(e.getValue().value(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                        e.getValue().keyLine(), out, false);
            }
            out.writeEndObject();
        } else if (node instanceof YamlTree.Sequence sequence) {
            out.writeStartArray();
            for (int i = 0; i < sequence.items().size(); i++) {
                YamlTree.Node item = sequence.items().get(i);
                emit(item, path + "[" + i + "]", item.line(), out, false);
            }
            out.writeEndArray();
        } else if (node instanceof YamlTree.Scalar scalar) {
            scalars.put(path, scalar.text());
            switch (scalar.token()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> out.writeNumber(scalar.text());
                case VALUE_TRUE, VALUE_FALSE -> out.writeBoolean(scalar.token() == JsonToken.VALUE_TRUE);
                case VALUE_NULL -> out.writeNull();
                default -> out.writeString(scalar.text());
            }
        }
    }

    private static ConfigException syntaxError(YAMLException e, String source) {
        String reason = e.getMessage();
        String where = source;
        if (e instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            reason = marked.getProblem();
            if (marked.getProblemMark() != null) {
                where = source + " line " + (marked.getProblemMark().getLine() + 1) + ", column "
                        + (marked.getProblemMark().getColumn() + 1);
            }
        }
        reason = reason == null ? "unreadable YAML" : reason.strip().lines().findFirst().orElse("").strip();
        if (reason.startsWith("Number of aliases")) { // snakeyaml's own bound on aliases of lists and mappings
            return new ConfigException(where + ": more than 50 aliases of lists and mappings; write the config out");
        }
        return new ConfigException(where + ": YAML syntax error: " + reason
                + "; check the indentation (spaces, not tabs) and quote values that contain ': ' or ' #'");
    }

    private ConfigException unknownKey(UnrecognizedPropertyException e) {
        String path = path(e);
        String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        // A Litestream replica type replicator lacks (abs, gcs, sftp) is named before the keys that come with it.
        if (parent.matches(".*replicas\\[\\d+]")) {
            String type = scalars.getOrDefault(parent + ".type", "");
            if (!type.isEmpty() && ReplicaType.fromId(type).isEmpty()) {
                return new ConfigException(prefix(parent + ".type") + parent + ".type" + unsupported(type));
            }
        }
        // The record's components are the keys, in the order the file documents them.
        List<String> known = keys(e.getReferringClass());
        String hint = Suggestions.closest(e.getPropertyName(), known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("remove it; known keys here are " + String.join(", ", known));
        return new ConfigException(prefix(path) + "unknown key " + path + ": " + hint);
    }

    /** A record's keys in the file, in order. */
    static List<String> keys(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(c -> KEBAB.translate(c.getName())).toList();
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String kind(JsonToken token) {
        return token == null ? "empty" : switch (token) {
            case START_OBJECT -> "a mapping";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "empty";
        };
    }

    private static String expected(JsonMappingException e, String path) {
        Class<?> type = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? m.getTargetType() : Object.class;
        boolean item = path.endsWith("]");
        if (path.isEmpty()) {
            return "a mapping of keys (dbs:, addr:, logging: ...)";
        } else if (type == String.class || type.isEnum()) {
            return item ? "a non-empty string" : "a string";
        } else if (type == Integer.class) {
            return "a whole number";
        } else if (type == Boolean.class) {
            return "true or false";
        } else if (type == Duration.class) {
            return "a duration like 1s, 10m or 24h";
        } else if (List.class.isAssignableFrom(type)) {
            return path.endsWith("dbs") || path.endsWith("replicas") ? "a list of mappings (lines starting with '- ')"
                    : "a list, like [a, b]";
        }
        return item ? "a mapping (key: value lines after '- ')" : "a mapping (indented key: value lines)";
    }

    /**
     * A scalar read from its text as written, if {@code fits} its token; "" is absent. {@code read}'s
     * IllegalArgumentException carries what follows the key path in the message.
     */
    private static <T> StdScalarDeserializer<T> scalar(Class<T> type, Predicate<JsonToken> fits,
                                                       Function<String, T> read) {
        return new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.currentToken().isScalarValue() || !fits.test(p.currentToken())) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                return p.getText().isEmpty() ? null : read.apply(p.getText());
            }
        };
    }

    private static Integer integer(String text) {
        try {
            return Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(" must be a whole number, not " + text);
        }
    }

    private static Boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(" must be true or false, not '" + text + "'");
        };
    }

    private static Duration duration(String text) {
        Duration duration;
        try {
            duration = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(": " + e.getMessage());
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException(" must be more than 0s; remove it to get the default");
        }
        return duration;
    }

    private static ReplicaType replicaType(String text) {
        return ReplicaType.fromId(text).orElseThrow(() -> new IllegalArgumentException(unsupported(text)));
    }

    private static String unsupported(String type) {
        return type.equals("gcs") ? ": " + ReplicaType.GCS_ALTERNATIVE
                : " '" + type + "' is not supported; " + ReplicaType.KNOWN;
    }

    /** The constant named by the text, ignoring case; "warning" is Litestream's "warn". */
    private static <E extends Enum<E>> StdScalarDeserializer<E> choice(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        return scalar(type, t -> true, text -> Arrays.stream(type.getEnumConstants())
                .filter(c -> c.name().equalsIgnoreCase(text.equalsIgnoreCase("warning") ? "warn" : text))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(" '" + text + "' is not one of "
                        + String.join(", ", names))));
    }

    private static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule()
                .addDeserializer(String.class, scalar(String.class, t -> true, Function.identity()))
                .addDeserializer(Boolean.class, scalar(Boolean.class, t -> !t.isNumeric(), YamlText::bool))
                .addDeserializer(Integer.class, scalar(Integer.class, JsonToken::isNumeric, YamlText::integer))
                .addDeserializer(Duration.class, scalar(Duration.class, t -> !t.isBoolean(), YamlText::duration))
                .addDeserializer(ReplicaType.class, scalar(ReplicaType.class, t -> true, YamlText::replicaType))
                .addDeserializer(LoggingConfig.Level.class, choice(LoggingConfig.Level.class))
                .addDeserializer(LoggingConfig.Format.class, choice(LoggingConfig.Format.class));
        ObjectMapper mapper = YAMLMapper.builder().propertyNamingStrategy(KEBAB).addModule(module).build();
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        mapper.configOverride(List.class).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        return mapper;
    }
}
