package dev.replicator.replicate;

import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.config.ReplicaConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * Finds the SQLite databases of a {@code dir:} entry: regular files that it {@link #covers} and that start with
 * SQLite's header. A file that is still empty (being created) is not a database yet; the next scan looks again.
 * Each is replicated with the entry's settings, under its path relative to the entry's directory inside each replica
 * ({@code s3://bucket/backups} + {@code /data/tenants/a.db} → {@code s3://bucket/backups/tenants/a.db}), as Litestream
 * v0.5 does.
 */
public final class DatabaseFinder {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** SQLite's companion files and a restore's file in progress, whatever the pattern says. */
    private static final List<String> NOT_DATABASES = List.of("-wal", "-shm", "-journal", ".tmp");

    /**
     * What one scan saw.
     *
     * @param databases the databases, sorted
     * @param directories the directories looked in (the root, and the non-hidden subdirectories if recursive)
     */
    public record Scan(List<Path> databases, List<Path> directories) {
    }

    private DatabaseFinder() {
    }

    /** Scans the whole entry. */
    public static Scan scan(DirConfig dir) throws IOException {
        return scan(dir, p -> isDatabase(p));
    }

    /**
     * Scans, asking {@code isDatabase} only about files the entry covers; the caller can answer from what it knows
     * (a database it already replicates) without reading the file again.
     *
     * @throws NoSuchFileException if the directory does not exist
     */
    public static Scan scan(DirConfig dir, Predicate<Path> isDatabase) throws IOException {
        if (!Files.isDirectory(dir.dir())) {
            throw new NoSuchFileException(dir.dir().toString(), null, Files.exists(dir.dir())
                    ? "dir is not a directory: fix dir in the config"
                    : "dir does not exist: create it, or fix dir in the config");
        }
        List<Path> databases = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        Files.walkFileTree(dir.dir(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                if (!d.equals(dir.dir()) && (!dir.recursive() || d.getFileName().toString().startsWith("."))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                directories.add(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && covers(dir, file) && isDatabase.test(file)) {
                    databases.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // deleted meanwhile, or unreadable: not ours to replicate
            }
        });
        databases.sort(null);
        return new Scan(databases, directories);
    }

    /** Whether the file starts with SQLite's 16-byte header. */
    public static boolean isDatabase(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether {@code dir} would replicate a database at {@code db}, judged by its path alone: under the directory
     * (directly unless recursive), no hidden file or directory on the way (replicator's state directories are
     * hidden), not a {@code -wal}, {@code -shm}, {@code -journal} or temporary file, and the name matches the pattern.
     */
    public static boolean covers(DirConfig dir, Path db) {
        Path p = db.toAbsolutePath().normalize();
        if (!p.startsWith(dir.dir()) || p.equals(dir.dir())) {
            return false;
        }
        Path rel = dir.dir().relativize(p);
        if (!dir.recursive() && rel.getNameCount() != 1) {
            return false;
        }
        for (Path part : rel) {
            if (part.toString().startsWith(".")) {
                return false;
            }
        }
        String name = p.getFileName().toString();
        return NOT_DATABASES.stream().noneMatch(name::endsWith) && !name.contains(".tmp-")
                && FileSystems.getDefault().getPathMatcher("glob:" + dir.pattern()).matches(p.getFileName());
    }

    /** The first entry that covers {@code db}, if any. */
    public static Optional<DirConfig> covering(List<DirConfig> dirs, Path db) {
        return dirs.stream().filter(d -> covers(d, db)).findFirst();
    }

    /** {@code db}'s path inside each replica, '/'-separated, like {@code tenants/a.db}. */
    public static String relativePath(DirConfig dir, Path db) {
        Path rel = dir.dir().relativize(db.toAbsolutePath().normalize());
        return String.join("/", StreamSupport.stream(rel.spliterator(), false).map(Path::toString).toList());
    }

    /** The configuration of one database under {@code dir}: the entry's settings, replicas under its path. */
    public static DbConfig forDatabase(DirConfig dir, Path db) {
        Path path = db.toAbsolutePath().normalize();
        String rel = relativePath(dir, path);
        List<ReplicaConfig> replicas = dir.template().replicas().stream().map(r -> new ReplicaConfig(r.name(),
                r.type(), r.path().map(p -> p.resolve(rel).normalize()), r.s3().map(s -> s.under(rel)),
                r.sftp().map(s -> s.under(rel)), r.abs().map(s -> s.under(rel)), r.syncInterval(), r.snapshotInterval(), r.retention(), r.retentionCheckInterval(), r.age(),
                r.retentionKeep(), r.verifyInterval())).toList();
        DbConfig t = dir.template();
        return new DbConfig(path, replicas, t.monitorInterval(), t.checkpointInterval(), t.minCheckpointPageCount(),
                t.maxCheckpointPageCount(), t.busyTimeout(), t.restoreIfDbMissing());
    }
}
