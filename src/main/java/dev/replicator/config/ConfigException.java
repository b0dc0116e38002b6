package dev.replicator.config;

/** A configuration problem, in one line naming the source, the key and the fix: the CLI prints it as is. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
