package dev.replicator.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Objects;

/**
 * A {@code dbs:} entry with {@code dir:}: every SQLite database under {@code dir} whose file name matches
 * {@code pattern} is replicated with the settings of {@code template} ({@code replicate.DatabaseFinder} finds them).
 *
 * @param pattern a glob on the file name ({@code *.db}, {@code {*.db,*.sqlite}})
 * @param recursive whether databases in subdirectories count (hidden directories never do)
 * @param watch whether databases created while {@code replicate} runs are picked up
 * @param template the per-database settings and the replicas' roots; its path is {@code dir}
 */
public record DirConfig(Path dir, String pattern, boolean recursive, boolean watch, DbConfig template) {

    public static final String DEFAULT_PATTERN = "*.db";

    public DirConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(template, "template");
        matcher(pattern); // fails on a bad glob
    }

    /** @throws IllegalArgumentException if {@code pattern} is not a valid glob */
    static PathMatcher matcher(String pattern) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a valid glob (" + e.getDescription() + ")");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a valid glob (" + e.getMessage() + ")");
        }
    }
}
