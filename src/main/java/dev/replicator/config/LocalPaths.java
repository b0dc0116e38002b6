package dev.replicator.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Local paths as Litestream reads them: a leading '~' is the user's home, relative means from the working dir. */
final class LocalPaths {

    private LocalPaths() {
    }

    /** @throws IllegalArgumentException if the text is not a usable path on this system */
    static Path resolve(String raw) {
        String home = System.getProperty("user.home");
        String expanded = raw.equals("~") ? home : raw.startsWith("~/") ? home + raw.substring(1) : raw;
        try {
            return Path.of(expanded).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + raw + "' is not a valid path (" + e.getReason() + ")");
        }
    }
}
