package dev.replicator.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in the raw config text, before YAML parsing.
 * {@code $VAR} and {@code $$} are left alone, so a literal '$' never needs escaping. Whole-line comments are
 * not expanded, so a commented-out example may mention a variable that is not set.
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvExpander() {
    }

    static String expand(String text, Map<String, String> env, String source) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("(?<=\n)");
        for (int n = 0; n < lines.length; n++) {
            out.append(lines[n].strip().startsWith("#") ? lines[n] : expandLine(lines[n], n + 1, env, source));
        }
        return out.toString();
    }

    private static String expandLine(String line, int lineNumber, Map<String, String> env, String source) {
        StringBuilder out = new StringBuilder(line.length());
        int from = 0;
        int start;
        while ((start = line.indexOf("${", from)) >= 0) {
            out.append(line, from, start);
            int end = line.indexOf('}', start + 2);
            if (end < 0) {
                throw error(source, lineNumber, "'${' is not closed; write ${NAME} or ${NAME:-default}");
            }
            String body = line.substring(start + 2, end);
            int separator = body.indexOf(":-");
            String name = separator < 0 ? body : body.substring(0, separator);
            if (!NAME.matcher(name).matches()) {
                throw error(source, lineNumber, "'${" + body + "}' is not a variable reference; write ${NAME} or "
                        + "${NAME:-default}, where NAME is letters, digits and _");
            }
            if (separator >= 0 && body.indexOf("${", separator) >= 0) {
                throw error(source, lineNumber, "nested ${...} in the default of ${" + name
                        + "} is not supported; write the default out");
            }
            String value = env.get(name);
            if (separator >= 0 && (value == null || value.isEmpty())) {
                value = body.substring(separator + 2);
            } else if (value == null) {
                throw error(source, lineNumber, "environment variable " + name + " is not set; set it or write ${"
                        + name + ":-default}");
            }
            out.append(value);
            from = end + 1;
        }
        out.append(line, from, line.length());
        return out.toString();
    }

    private static ConfigException error(String source, int lineNumber, String message) {
        return new ConfigException(source + " line " + lineNumber + ": " + message);
    }
}
