package dev.replicator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Local writes whose final name only ever holds complete, durable content (rule R4): a tmp file, fsync, rename,
 * fsync of the directory; directories are created with their parents fsynced. Everything is created with a
 * {@link FileProtection}, exclusively (a planted file or symlink at a tmp name fails the write).
 */
public final class DurableFiles {

    /** Marks in-flight files, which listings must skip. */
    public static final String TMP_MARKER = ".tmp-";

    private DurableFiles() {
    }

    /** Streams {@code in} into {@code target}, replacing it atomically, and returns the number of bytes written. */
    public static long write(Path target, InputStream in, FileProtection protection) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        createDirectories(dir, protection);
        Path tmp = dir.resolve(target.getFileName() + TMP_MARKER
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        long size;
        try {
            try (FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), protection.fileAttribute())) {
                protection.claim(tmp);
                OutputStream out = Channels.newOutputStream(channel);
                size = in.transferTo(out);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        fsyncDirectory(dir);
        return size;
    }

    public static void write(Path target, byte[] content, FileProtection protection) throws IOException {
        write(target, new ByteArrayInputStream(content), protection);
    }

    /** Creates {@code dir} and any missing parents, fsyncing each parent that gained an entry. */
    public static void createDirectories(Path dir, FileProtection protection) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent, protection);
        }
        try {
            Files.createDirectory(dir, protection.directoryAttribute());
            protection.claim(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            return;
        }
        if (parent != null) {
            fsyncDirectory(parent);
        }
    }

    public static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
