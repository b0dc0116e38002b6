package dev.replicator.replicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watcher against real inotify: events while writes are few, polling while they are many, and back. */
class WalWatcherTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Path db;
    Path wal;
    WalWatcher watcher;
    final AtomicInteger fired = new AtomicInteger();

    @BeforeEach
    void watch() throws IOException {
        db = Files.createFile(dir.resolve("app.db"));
        wal = Files.createFile(dir.resolve("app.db-wal"));
        watcher = new WalWatcher();
        watcher.watch(db, fired::incrementAndGet);
        watcher.start();
    }

    @AfterEach
    void close() throws IOException {
        watcher.close();
    }

    private void append(int bytes) throws IOException {
        try (FileChannel c = FileChannel.open(wal, StandardOpenOption.APPEND)) {
            c.write(ByteBuffer.allocate(bytes));
        }
    }

    /** Writes about two thousand times a second until the directory is polled. */
    private void writeUntilPolled() throws IOException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (!watcher.polls(dir) && System.nanoTime() < deadline) {
            append(100);
            LockSupport.parkNanos(500_000);
        }
        assertThat(watcher.polls(dir)).as("polled after a burst of writes").isTrue();
    }

    @Test
    void aSingleWriteFiresWhileTheDirectoryIsWatched() throws IOException {
        append(100);
        await().atMost(WITHIN).until(() -> fired.get() >= 1);
        assertThat(watcher.polls(dir)).isFalse();
    }

    @Test
    void manyWritesSwitchToPollingWhichStillFiresThenBackToWatchingWhenQuiet() throws IOException {
        writeUntilPolled();
        int before = fired.get();
        append(100);
        await().atMost(WITHIN).until(() -> fired.get() > before);

        await().atMost(WITHIN).until(() -> !watcher.polls(dir));
        int afterCooling = fired.get();
        append(100);
        await("watched again").atMost(WITHIN).until(() -> fired.get() > afterCooling);
    }

    @Test
    void aRewriteThatKeepsSizeAndMtimeIsCaughtWhenPollingStops() throws IOException {
        writeUntilPolled();
        FileTime mtime = Files.getLastModifiedTime(wal);
        try (FileChannel c = FileChannel.open(wal, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 0); // a WAL restart rewrites in place
        }
        Files.setLastModifiedTime(wal, mtime); // as if within the same timestamp tick
        int before = fired.get();

        await().atMost(WITHIN).until(() -> !watcher.polls(dir));
        // The watcher stops polling under its lock and runs the callbacks just after releasing it.
        await("one sync for every database when the watch comes back").atMost(WITHIN)
                .until(() -> fired.get() > before);
    }

    @Test
    void aDirectoryWithManyDatabasesIsNeverPolled() throws IOException {
        for (int i = 0; i < 5; i++) {
            watcher.watch(dir.resolve("other" + i + ".db"), () -> { });
        }
        long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
        while (System.nanoTime() < end) {
            append(100);
            LockSupport.parkNanos(500_000);
        }
        assertThat(watcher.polls(dir)).isFalse();
        int before = fired.get();
        append(100);
        await().atMost(WITHIN).until(() -> fired.get() > before);
    }
}
