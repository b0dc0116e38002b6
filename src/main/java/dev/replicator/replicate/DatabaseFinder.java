package dev.replicator.replicate;

import dev.replicator.config.DirConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Finds the SQLite databases of a {@code dir:} entry: regular files that {@link DirConfig#covers} and that start with
 * SQLite's header. A file that is still empty (being created) is not a database yet; the next scan looks again.
 */
public final class DatabaseFinder {

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

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
                if (attrs.isRegularFile() && dir.covers(file) && isDatabase.test(file)) {
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
}
