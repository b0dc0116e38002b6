package dev.replicator.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The WAL file's size and modification time, and when they were read. Every write to the WAL sets its mtime to the
 * time of that write; so if the WAL was last written at least {@link #MARGIN_MILLIS} before it was looked at, and size
 * and mtime are the same later, nothing was written in between, whatever the file system's timestamp granularity.
 *
 * @param size -1 when there is no WAL file
 */
record WalStamp(long size, long mtimeNanos, long readAtMillis) {

    static final long MARGIN_MILLIS = 1000;

    static WalStamp of(Path wal) throws IOException {
        long at = System.currentTimeMillis();
        try {
            BasicFileAttributes a = Files.readAttributes(wal, BasicFileAttributes.class);
            return new WalStamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), at);
        } catch (NoSuchFileException e) {
            return new WalStamp(-1, 0, at);
        }
    }

    /** Whether {@code later} proves that the WAL was not written since this stamp was taken. */
    boolean unchangedAt(WalStamp later) {
        boolean settledWhenRead = size < 0 || mtimeNanos / 1_000_000 + MARGIN_MILLIS <= readAtMillis;
        return settledWhenRead && later.size == size && later.mtimeNanos == mtimeNanos;
    }
}
