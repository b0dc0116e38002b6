package dev.replicator;

/** Names as log lines print them: a replica name with a blank or a quote is quoted, so "replica=S3 Backup" stays one field. */
public final class Names {

    private Names() {
    }

    public static String quoted(String name) {
        return name.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=') ? '"' + name.replace("\"", "\\\"") + '"'
                : name;
    }
}
