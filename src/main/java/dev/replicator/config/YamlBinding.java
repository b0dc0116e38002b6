package dev.replicator.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Binds YAML text to {@link ConfigFile} with Jackson: unknown and duplicate keys fail, "" reads as absent,
 * durations go through {@link Durations#parse}, and every failure becomes a one-line {@link ConfigException}
 * naming the line and key path (taken from {@link YamlLines}) and, for an unknown key, the key meant.
 */
final class YamlBinding {

    private static final PropertyNamingStrategies.NamingBase KEBAB =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE;
    private static final ObjectMapper MAPPER = mapper();

    private YamlBinding() {
    }

    static ConfigFile bind(String text, YamlLines lines) {
        if (lines.kind("").equals("empty")) {
            return ConfigFile.EMPTY;
        }
        if (!lines.kind("").equals("a mapping")) {
            throw new ConfigException(lines.prefix("") + "the config must be a mapping of keys (dbs:, addr:, "
                    + "logging: ...), not " + lines.kind(""));
        }
        try {
            return MAPPER.readValue(text, ConfigFile.class);
        } catch (UnrecognizedPropertyException e) {
            throw unknownKey(e, lines);
        } catch (JsonMappingException e) {
            String path = path(e);
            String detail = e instanceof BadValue bad ? bad.detail : " must be " + expected(e, path) + ", not "
                    + lines.kind(path);
            throw new ConfigException(lines.prefix(path) + path + detail);
        } catch (JsonProcessingException e) {
            throw new ConfigException(lines.prefix("") + e.getOriginalMessage());
        }
    }

    private static ConfigException unknownKey(UnrecognizedPropertyException e, YamlLines lines) {
        String path = path(e);
        String parent = path.contains(".") ? path.substring(0, path.lastIndexOf('.')) : "";
        // A Litestream replica type replicator lacks (abs, gcs, sftp) is named before the keys that come with it.
        String type = lines.scalar(parent + ".type").orElse("");
        if (parent.matches(".*replicas\\[\\d+]") && !type.isEmpty() && ReplicaType.fromId(type).isEmpty()) {
            return new ConfigException(lines.prefix(parent + ".type") + parent + ".type '" + type
                    + "' is not supported; use s3 or file");
        }
        List<String> known = new ArrayList<>();
        e.getKnownPropertyIds().forEach(id -> known.add(id.toString()));
        // Jackson's order is its own; list them as the file documents them, in the record's order.
        List<String> declared = Arrays.stream(e.getReferringClass().getRecordComponents())
                .map(c -> KEBAB.translate(c.getName())).toList();
        known.sort(Comparator.comparingInt(declared::indexOf));
        String hint = Suggestions.closest(e.getPropertyName(), known)
                .map(s -> "did you mean '" + s + "'?")
                .orElse("remove it; known keys here are " + String.join(", ", known));
        return new ConfigException(lines.prefix(path) + "unknown key " + path + ": " + hint);
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

    private static String expected(JsonMappingException e, String path) {
        Class<?> type = e instanceof MismatchedInputException m && m.getTargetType() != null
                ? m.getTargetType() : Object.class;
        boolean item = path.endsWith("]");
        if (type == String.class) {
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

    /** A value of the right shape that still does not read; {@code detail} follows the key path in the message. */
    private static final class BadValue extends JsonMappingException {

        private final String detail;

        BadValue(JsonParser parser, String detail) {
            super(parser, detail);
            this.detail = detail;
        }
    }

    /** A scalar read from its text as written, if {@code fits} its token; "" is absent. */
    private static <T> StdScalarDeserializer<T> scalar(Class<T> type, Predicate<JsonToken> fits,
                                                       Function<String, T> read) {
        return new StdScalarDeserializer<>(type) {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                if (!p.currentToken().isScalarValue() || !fits.test(p.currentToken())) {
                    return type.cast(ctxt.handleUnexpectedToken(type, p));
                }
                String text = p.getText();
                try {
                    return text.isEmpty() ? null : read.apply(text);
                } catch (IllegalArgumentException e) {
                    throw new BadValue(p, e.getMessage());
                }
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
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(": " + e.getMessage());
        }
    }

    private static ObjectMapper mapper() {
        SimpleModule module = new SimpleModule()
                .addDeserializer(String.class, scalar(String.class, t -> true, Function.identity()))
                .addDeserializer(Boolean.class, scalar(Boolean.class, t -> !t.isNumeric(), YamlBinding::bool))
                .addDeserializer(Integer.class, scalar(Integer.class, JsonToken::isNumeric, YamlBinding::integer))
                .addDeserializer(Duration.class, scalar(Duration.class, t -> !t.isBoolean(), YamlBinding::duration));
        ObjectMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(KEBAB)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(module)
                .build();
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
        return mapper;
    }
}
