package dev.replicator.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code dbs:} entry with {@code dir:}: every SQLite database under {@code dir} whose file name matches
 * {@code pattern} is replicated with the settings of {@code template}, each under its path relative to {@code dir}
 * inside each replica ({@code s3://bucket/backups} + {@code /data/tenants/a.db} → {@code s3://bucket/backups/tenants/a.db}),
 * as Litestream v0.5 does.
 *
 * @param pattern a glob on the file name ({@code *.db}, {@code {*.db,*.sqlite}})
 * @param recursive whether databases in subdirectories count (hidden directories never do)
 * @param watch whether databases created while {@code replicate} runs are picked up
 * @param template the per-database settings and the replicas' roots; its path is {@code dir}
 */
public record DirConfig(Path dir, String pattern, boolean recursive, boolean watch, DbConfig template) {

    public static final String DEFAULT_PATTERN = "*.db";
    /** SQLite's companion files and a restore's file in progress, whatever the pattern says. */
    private static final List<String> NOT_DATABASES = List.of("-wal", "-shm", "-journal", ".tmp");

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

    /**
     * Whether this entry would replicate a database at {@code db}, judged by its path alone: under {@link #dir} (directly
     * unless recursive), no hidden file or directory on the way (replicator's state directories are hidden), not a
     * {@code -wal}, {@code -shm}, {@code -journal} or temporary file, and the name matches the pattern.
     */
    public boolean covers(Path db) {
        Path p = db.toAbsolutePath().normalize();
        if (!p.startsWith(dir) || p.equals(dir)) {
            return false;
        }
        Path rel = dir.relativize(p);
        if (!recursive && rel.getNameCount() != 1) {
            return false;
        }
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = p.getFileName().toString();
        return NOT_DATABASES.stream().noneMatch(name::endsWith) && !name.contains(".tmp-")
                && matcher(pattern).matches(p.getFileName());
    }

    /** {@code db}'s path inside each replica, '/'-separated, like {@code tenants/a.db}. */
    public String relativePath(Path db) {
        Path rel = dir.relativize(db.toAbsolutePath().normalize());
        return String.join("/", java.util.stream.StreamSupport.stream(rel.spliterator(), false)
                .map(Path::toString).toList());
    }

    /** The configuration of one database under {@link #dir}: the template's settings, replicas under its path. */
    public DbConfig forDatabase(Path db) {
        Path path = db.toAbsolutePath().normalize();
        String rel = relativePath(path);
        List<ReplicaConfig> replicas = template.replicas().stream().map(r -> r.under(rel)).toList();
        DbConfig t = template;
        return new DbConfig(path, replicas, t.monitorInterval(), t.checkpointInterval(), t.minCheckpointPageCount(),
                t.maxCheckpointPageCount(), t.busyTimeout(), t.restoreIfDbMissing());
    }

    /** The first entry that covers {@code db}, if any. */
    public static Optional<DirConfig> covering(List<DirConfig> dirs, Path db) {
        return dirs.stream().filter(d -> d.covers(db)).findFirst();
    }
}
