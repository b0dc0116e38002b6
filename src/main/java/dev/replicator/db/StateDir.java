package dev.replicator.db;

import dev.replicator.DurableFiles;
import dev.replicator.FileProtection;
import dev.replicator.Generations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The local state beside a database, {@code .<dbname>-replicator/}: the current generation name and the shadow WAL
 * files {@code generations/<gen>/wal/<index>.wal}. Holds an exclusive lock so two replicators never share it (T6).
 */
public final class StateDir implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateDir.class);

    private static final Pattern SHADOW_NAME = Pattern.compile("([0-9a-f]{8})\\.wal");

    private final Path root;
    private final FileProtection protection;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private StateDir(Path root, FileProtection protection, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.protection = protection;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    public static Path pathFor(Path db) {
        return db.toAbsolutePath().resolveSibling("." + db.getFileName() + "-replicator");
    }

    /** The file whose lock a running {@code replicate} holds. */
    public static Path lockPath(Path db) {
        return pathFor(db).resolve("lock");
    }

    /**
     * Opens (creating if needed) and locks the state directory of {@code db}. It holds the database's pages, so it
     * gets the database's protection, and an existing one that grants more is narrowed.
     */
    public static StateDir open(Path db) throws IOException {
        Path root = pathFor(db);
        FileProtection protection = FileProtection.of(db);
        StateDirLink.refuseForeign(root, db);
        DurableFiles.createDirectories(root, protection);
        narrow(root, protection);
        Path lockFile = lockPath(db);
        FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                protection.fileAttribute());
        protection.claim(lockFile);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("another replicator is already replicating " + db
                    + " (its lock " + lockFile + " is held): stop it first; two would corrupt the replica");
        }
        return new StateDir(root, protection, ch, lock);
    }

    // A state directory from a version that did not copy the database's mode may let every user read its pages.
    private static void narrow(Path root, FileProtection protection) {
        try {
            Set<PosixFilePermission> now = Files.getPosixFilePermissions(root);
            if (!protection.directoryMode().containsAll(now)) {
                Files.setPosixFilePermissions(root, protection.directoryMode());
                log.info("state directory {} narrowed from {} to {}, as the database's mode allows", root,
                        PosixFilePermissions.toString(now), PosixFilePermissions.toString(protection.directoryMode()));
            }
        } catch (IOException e) {
            log.warn("state directory {} may grant more than the database does and cannot be narrowed ({}): run "
                    + "chmod {} {}", root, e.getMessage(), PosixFilePermissions.toString(protection.directoryMode()), root);
        }
    }

    public Path root() {
        return root;
    }

    /** What every file and directory created in here gets: the database file's mode (and owner, as root). */
    public FileProtection protection() {
        return protection;
    }

    public Optional<String> currentGeneration() throws IOException {
        try {
            String name = Files.readString(root.resolve("generation"), StandardCharsets.UTF_8).trim();
            return Generations.isValid(name) ? Optional.of(name) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public void setCurrentGeneration(String generation) throws IOException {
        DurableFiles.createDirectories(shadowDir(generation), protection);
        DurableFiles.write(root.resolve("generation"), (generation + "\n").getBytes(StandardCharsets.UTF_8),
                protection);
    }

    public Path shadowDir(String generation) {
        return root.resolve("generations").resolve(generation).resolve("wal");
    }

    public Path shadowPath(String generation, long index) {
        return shadowDir(generation).resolve(String.format("%08x.wal", index));
    }

    /** Generations that still have local shadow WAL files, oldest name order is meaningless: sorted by mtime. */
    public List<String> localGenerations() throws IOException {
        Path dir = root.resolve("generations");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Generations.isValid(p.getFileName().toString()) && Files.isDirectory(p)) {
                    dirs.add(p);
                }
            }
        }
        dirs.sort(Comparator.comparing(StateDir::mtime));
        return dirs.stream().map(p -> p.getFileName().toString()).toList();
    }

    /** Shadow WAL indexes present for a generation, ascending. */
    public List<Long> shadowIndexes(String generation) throws IOException {
        Path dir = shadowDir(generation);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher m = SHADOW_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    out.add(Long.parseLong(m.group(1), 16));
                }
            }
        }
        out.sort(null);
        return out;
    }

    public OptionalLong maxShadowIndex(String generation) throws IOException {
        List<Long> indexes = shadowIndexes(generation);
        return indexes.isEmpty() ? OptionalLong.empty() : OptionalLong.of(indexes.get(indexes.size() - 1));
    }

    public void deleteGeneration(String generation) throws IOException {
        Path dir = root.resolve("generations").resolve(generation);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static java.nio.file.attribute.FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
