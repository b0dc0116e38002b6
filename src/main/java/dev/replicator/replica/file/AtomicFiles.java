package dev.replicator.replica.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a file so that its final name only ever holds complete, durable content: tmp, fsync, rename, fsync dir. */
final class AtomicFiles {

    static final String TMP_MARKER = ".tmp-";

    private AtomicFiles() {
    }

    /** Streams {@code in} into {@code target} and returns the number of bytes written. */
    static long write(Path target, InputStream in) throws IOException {
        Path dir = target.getParent();
        Dirs.createDurably(dir);
        Path tmp = dir.resolve(target.getFileName() + TMP_MARKER + randomSuffix());
        long size;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                size = in.transferTo(out);
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (Throwable e) {
            deleteQuietly(tmp, e);
            throw e;
        }
        Dirs.fsync(dir);
        return size;
    }

    private static void deleteQuietly(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static String randomSuffix() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
