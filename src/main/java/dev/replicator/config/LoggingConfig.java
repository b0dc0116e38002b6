package dev.replicator.config;

import java.util.Objects;

/** Log level and line format. */
public record LoggingConfig(Level level, Format format) {

    public static final LoggingConfig DEFAULT = new LoggingConfig(Level.INFO, Format.TEXT);

    public enum Level { DEBUG, INFO, WARN, ERROR }

    public enum Format { TEXT, JSON }

    public LoggingConfig {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(format, "format");
    }
}
