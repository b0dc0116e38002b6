package dev.replicator.config;

/**
 * A configuration problem. The message is one line that names the source (file or command line), the key
 * and the fix, so the CLI can print it as is and exit with status 2.
 */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
