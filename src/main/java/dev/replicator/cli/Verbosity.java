package dev.replicator.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The {@code -v} flag: debug logs and stack traces. */
final class Verbosity {

    private static volatile boolean verbose;

    private Verbosity() {
    }

    static boolean isVerbose() {
        return verbose;
    }

    static void set(boolean on) {
        verbose = on;
        if (on) {
            setLevel("DEBUG");
        }
    }

    static void setLevel(String level) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        ((Logger) LoggerFactory.getLogger("dev.replicator")).setLevel(Level.toLevel(level, Level.INFO));
    }
}
