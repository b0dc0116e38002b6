package dev.replicator.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed YAML value that keeps its line number and, for scalars, the text as written. */
sealed interface YamlNode {

    int line();

    /** What the value is, for messages like "must be a string, not a list". */
    String kind();

    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {

        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    record Entry(YamlNode value, int keyLine) {
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {

        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar; {@code text} is exactly what the file says (so "0123" stays "0123"), null for a YAML null. */
    record Scalar(Type type, String text, int line) implements YamlNode {

        enum Type { STRING, NUMBER, BOOLEAN, NULL }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "empty";
            };
        }

        boolean isNull() {
            return type == Type.NULL;
        }
    }
}
