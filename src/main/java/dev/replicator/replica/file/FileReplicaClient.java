package dev.replicator.replica.file;

import dev.replicator.DurableFiles;
import dev.replicator.FileProtection;
import dev.replicator.Generations;
import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica in a local directory, laid out exactly like the S3 keys. Object time is the file's mtime. What it writes
 * gets the mode (and, as root, the owner) of the database it replicates, read at each write so a chmod of the
 * database carries over; without a database, {@code 0600}.
 */
public final class FileReplicaClient implements ReplicaClient {

    private static final Logger log = LoggerFactory.getLogger(FileReplicaClient.class);

    private final Path root;
    private final Optional<Path> database;

    /** A client that reads, or writes {@code 0600} files. */
    public FileReplicaClient(Path root) {
        this(root, Optional.empty());
    }

    /** A client that writes {@code database}'s content, with its mode. */
    public FileReplicaClient(Path root, Optional<Path> database) {
        this.root = root.toAbsolutePath().normalize();
        this.database = database;
    }

    @Override
    public String type() {
        return "file";
    }

    @Override
    public FileReplicaClient under(String relativePath) {
        return new FileReplicaClient(root.resolve(relativePath), database);
    }

    private FileProtection protection() throws IOException {
        return database.isPresent() && Files.exists(database.get()) ? FileProtection.of(database.get())
                : FileProtection.PRIVATE;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public List<String> generations() throws IOException {
        List<String> names = new ArrayList<>();
        for (Entry e : entries(root.resolve(Keys.GENERATIONS))) {
            if (e.attributes().isDirectory() && Generations.isValid(e.name()) && holdsObjects(e.path())) {
                names.add(e.name());
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public List<String> databasesBelow() throws IOException {
        TreeSet<String> databases = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .map(p -> String.join("/", StreamSupport.stream(root.relativize(p).spliterator(), false)
                            .map(Path::toString).toList()))
                    .forEach(key -> Keys.databaseOf(key).ifPresent(databases::add));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
            return databasesBelow(); // something was deleted while we walked: look again
        }
        return List.copyOf(databases);
    }

    @Override
    public List<SnapshotInfo> snapshots(String generation) throws IOException {
        List<SnapshotInfo> snapshots = new ArrayList<>();
        for (Entry e : entries(resolve(Keys.snapshotsDir(generation)))) {
            Optional<Long> index = Keys.parseSnapshotName(e.name());
            if (index.isPresent() && e.attributes().isRegularFile()) {
                snapshots.add(new SnapshotInfo(generation, index.get(), e.attributes().size(),
                        e.attributes().lastModifiedTime().toInstant()));
            }
        }
        snapshots.sort(Comparator.comparingLong(SnapshotInfo::index));
        return snapshots;
    }

    @Override
    public List<SegmentInfo> walSegments(String generation) throws IOException {
        List<SegmentInfo> segments = new ArrayList<>();
        for (Entry e : entries(resolve(Keys.walDir(generation)))) {
            Optional<long[]> pos = Keys.parseSegmentName(e.name());
            if (pos.isPresent() && e.attributes().isRegularFile()) {
                segments.add(new SegmentInfo(generation, pos.get()[0], pos.get()[1], e.attributes().size(),
                        e.attributes().lastModifiedTime().toInstant()));
            }
        }
        segments.sort(Comparator.comparingLong(SegmentInfo::index).thenComparingLong(SegmentInfo::offset));
        return segments;
    }

    @Override
    public SnapshotInfo writeSnapshot(String generation, long index, InputStream compressed) throws IOException {
        Path target = resolve(Keys.snapshot(generation, index));
        long size = DurableFiles.write(target, compressed, protection());
        log.debug("wrote {} ({} bytes)", target, size);
        return new SnapshotInfo(generation, index, size, Files.getLastModifiedTime(target).toInstant());
    }

    @Override
    public SegmentInfo writeWalSegment(Pos pos, InputStream compressed) throws IOException {
        Path target = resolve(Keys.segment(pos));
        long size = DurableFiles.write(target, compressed, protection());
        log.debug("wrote {} ({} bytes)", target, size);
        return new SegmentInfo(pos.generation(), pos.index(), pos.offset(), size,
                Files.getLastModifiedTime(target).toInstant());
    }

    @Override
    public InputStream openSnapshot(String generation, long index) throws IOException {
        return open(Keys.snapshot(generation, index));
    }

    @Override
    public InputStream openWalSegment(Pos pos) throws IOException {
        return open(Keys.segment(pos));
    }

    @Override
    public void deleteSnapshot(String generation, long index) throws IOException {
        Path file = resolve(Keys.snapshot(generation, index));
        if (Files.deleteIfExists(file)) {
            DurableFiles.fsyncDirectory(file.getParent());
        }
    }

    @Override
    public void deleteWalSegments(Collection<Pos> positions) throws IOException {
        Set<Path> touched = new LinkedHashSet<>();
        for (Pos pos : positions) {
            Path file = resolve(Keys.segment(pos));
            if (Files.deleteIfExists(file)) {
                touched.add(file.getParent());
            }
        }
        for (Path dir : touched) {
            DurableFiles.fsyncDirectory(dir);
        }
    }

    @Override
    public void deleteGeneration(String generation) throws IOException {
        Path dir = resolve(Keys.generationDir(generation));
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            return;
        }
        DurableFiles.fsyncDirectory(dir.getParent());
        log.debug("deleted generation {}", dir);
    }

    @Override
    public String toString() {
        return "FileReplicaClient[" + root + "]";
    }

    private Path resolve(String key) {
        return root.resolve(key);
    }

    private InputStream open(String key) throws IOException {
        try {
            return Files.newInputStream(resolve(key));
        } catch (NoSuchFileException e) {
            FileNotFoundException notFound = new FileNotFoundException(root + ": " + key + " does not exist");
            notFound.initCause(e);
            throw notFound;
        }
    }

    /** Entries of {@code dir} with their attributes; a missing directory has none. */
    private static List<Entry> entries(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                try {
                    entries.add(new Entry(p, p.getFileName().toString(),
                            Files.readAttributes(p, BasicFileAttributes.class)));
                } catch (NoSuchFileException e) {
                    // deleted while we listed: it is no longer part of the replica
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return entries;
    }

    /** Like an S3 prefix, a generation exists only while some object is stored under it. */
    private static boolean holdsObjects(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(p -> Files.isRegularFile(p)
                    && !p.getFileName().toString().contains(DurableFiles.TMP_MARKER));
        } catch (NoSuchFileException e) {
            return false;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof NoSuchFileException) {
                return false;
            }
            throw e.getCause();
        }
    }

    private record Entry(Path path, String name, BasicFileAttributes attributes) {
    }
}
