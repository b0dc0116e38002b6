package dev.replicator.config;

import java.util.Map;
import java.util.function.Function;
import java.util.regex.MatchResult;
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
    // $$, ${BODY}, $NAME, or a '${' that is not closed
    private static final Pattern REFERENCE = Pattern.compile("\\$(?:(\\$)|\\{([^}]*)}|(" + NAME + ")|(\\{))");

    private EnvExpander() {
    }

    static String expand(String text, Map<String, String> env, String source) {
        StringBuilder out = new StringBuilder(text.length());
        String[] lines = text.split("(?<=\n)");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            String where = source + " line " + (n + 1) + ": ";
            int comment = commentStart(line);
            out.append(REFERENCE.matcher(line.substring(0, comment)).replaceAll(m -> Matcher.quoteReplacement(
                    value(m, env, message -> new ConfigException(where + message)))));
            out.append(line, comment, line.length());
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

    private static String value(MatchResult m, Map<String, String> env, Function<String, ConfigException> error) {
        if (m.group(1) != null) {
            return "$";
        } else if (m.group(3) != null) {
            return value(m.group(3), env, error, ", or write $$ for a literal $");
        } else if (m.group(4) != null) {
            throw error.apply("'${' is not closed; write ${NAME} or ${NAME:-default}");
        }
        String body = m.group(2);
        int separator = body.indexOf(":-");
        String name = separator < 0 ? body : body.substring(0, separator);
        if (!NAME.matcher(name).matches()) {
            throw error.apply("'${" + body + "}' is not a variable reference; write ${NAME} or ${NAME:-default}, "
                    + "where NAME is letters, digits and _");
        }
        if (separator >= 0 && body.indexOf("${", separator) >= 0) {
            throw error.apply("nested ${...} in the default of ${" + name + "} is not supported; write the default out");
        }
        String value = env.get(name);
        return separator >= 0 && (value == null || value.isEmpty()) ? body.substring(separator + 2)
                : value(name, env, error, "");
    }

    private static String value(String name, Map<String, String> env, Function<String, ConfigException> error,
                                String hint) {
        String value = env.get(name);
        if (value == null) {
            throw error.apply("environment variable " + name + " is not set; set it or write ${" + name
                    + ":-default}" + hint);
        }
        return value;
    }
}
