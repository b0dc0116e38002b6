package dev.replicator.torture;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Follows a growing log file from where it was when created, to wait for a line without rereading it all. */
final class LogTail {

    private final Path file;
    private long offset;
    private final StringBuilder pending = new StringBuilder();

    /** Follows {@code file} from byte {@code offset} on. */
    LogTail(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Whether a line containing {@code text} was appended since the last call that found one. */
    boolean sawLine(String text) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            if (length > offset) {
                byte[] bytes = new byte[(int) Math.min(length - offset, 1 << 20)];
                f.seek(offset);
                f.readFully(bytes);
                offset += bytes.length;
                pending.append(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int at = pending.indexOf(text);
        if (at < 0) {
            int keep = Math.max(0, pending.length() - text.length());
            pending.delete(0, keep);
            return false;
        }
        pending.delete(0, at + text.length());
        return true;
    }
}
