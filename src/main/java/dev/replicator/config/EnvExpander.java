package dev.replicator.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands environment variables in the raw config text, before YAML parsing, as Litestream does ({@code $VAR} and
 * {@code ${VAR}}), plus {@code ${VAR:-default}}. {@code $$} is a literal '$', and a '$' before anything but a name is
 * left alone. A variable that is not set is an error naming it, where Litestream would put an empty string. Comments,
 * whole-line or after a value, are not expanded, so a commented-out example may mention a variable that is not set.
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvExpander() {
    }

    static String expand(String text, Map<String, String> env, String source) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("(?<=\n)");
        for (int n = 0; n < lines.length; n++) {
            int comment = commentStart(lines[n]);
            out.append(expandLine(lines[n].substring(0, comment), n + 1, env, source)).append(lines[n], comment,
                    lines[n].length());
        }
        return out.toString();
    }

    /** Where a YAML comment starts: a '#' at the start or after a blank, outside quotes; the length if none. */
    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return line.length();
    }

    private static String expandLine(String line, int lineNumber, Map<String, String> env, String source) {
        StringBuilder out = new StringBuilder(line.length());
        int from = 0;
        int start;
        while ((start = line.indexOf('$', from)) >= 0) {
            out.append(line, from, start);
            if (line.startsWith("$$", start)) {
                out.append('$');
                from = start + 2;
            } else if (line.startsWith("${", start)) {
                from = braced(line, start, lineNumber, env, source, out);
            } else {
                Matcher name = NAME.matcher(line).region(start + 1, line.length());
                if (name.lookingAt()) {
                    out.append(value(name.group(), env, source, lineNumber, ", or write $$ for a literal $"));
                    from = name.end();
                } else {
                    out.append('$');
                    from = start + 1;
                }
            }
        }
        out.append(line, from, line.length());
        return out.toString();
    }

    /** Appends the value of the {@code ${...}} at {@code start}; returns the index after it. */
    private static int braced(String line, int start, int lineNumber, Map<String, String> env, String source,
                              StringBuilder out) {
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
        out.append(separator >= 0 && (value == null || value.isEmpty()) ? body.substring(separator + 2)
                : value(name, env, source, lineNumber, ""));
        return end + 1;
    }

    private static String value(String name, Map<String, String> env, String source, int lineNumber,
                                String hint) {
        String value = env.get(name);
        if (value == null) {
            throw error(source, lineNumber, "environment variable " + name + " is not set; set it or write ${" + name
                    + ":-default}" + hint);
        }
        return value;
    }

    private static ConfigException error(String source, int lineNumber, String message) {
        return new ConfigException(source + " line " + lineNumber + ": " + message);
    }
}
