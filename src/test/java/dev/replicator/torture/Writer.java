package dev.replicator.torture;

import dev.replicator.testing.AppWriter;
import dev.replicator.testing.ManagedProcess;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.awaitility.Awaitility.await;

/**
 * The app: an {@link AppWriter} process committing numbered transactions at a steady rate, every {@code bigEvery}-th
 * one big enough to spill uncommitted frames into the WAL. It can be killed (mid big transaction, on purpose) and
 * restarted, and then resumes after the last transaction its database holds.
 */
final class Writer implements AutoCloseable {

    private final Path db;
    private final Path log;
    private final WriterTransactions shape;
    private final double rate;
    private ManagedProcess process;
    private long logOffset;
    private int lastLogged;
    private final StringBuilder partial = new StringBuilder();
    private int starts;

    Writer(Path db, Path log, WriterTransactions shape, double rate) {
        this.db = db;
        this.log = log;
        this.shape = shape;
        this.rate = rate;
    }

    Path db() {
        return db;
    }

    WriterTransactions shape() {
        return shape;
    }

    int starts() {
        return starts;
    }

    synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("writer already running");
        }
        process = AppWriter.launch(db, Integer.MAX_VALUE, "--rate", Double.toString(rate),
                "--big-every", Integer.toString(shape.bigEvery()), "--big-rows", Integer.toString(shape.bigRows()),
                "--cache-kib", "64", "--seed", Long.toString(shape.seed()), "--log", log.toString(), "--resume");
        starts++;
    }

    /** Waits until the running writer has logged a commit beyond {@code n}. */
    void awaitCommitAfter(int n) {
        ManagedProcess p = process;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                .failFast(() -> !p.isAlive()).until(() -> lastLogged() > n);
    }

    /**
     * Kills the writer while it is most likely inside a big transaction: right after it logged the transaction before
     * one, plus a random few milliseconds.
     */
    void killInBigTransaction(Random random) throws InterruptedException {
        ManagedProcess p = process;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                .failFast(() -> !p.isAlive())
                .until(() -> (lastLogged() + 1) % shape.bigEvery() == 0);
        Thread.sleep(random.nextInt(40));
        p.kill();
    }

    void kill() {
        if (process != null) {
            process.kill();
        }
    }

    /** The highest transaction number the writer logged as committed. */
    synchronized int lastLogged() {
        if (!Files.exists(log)) {
            return lastLogged;
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long length = f.length();
            if (length > logOffset) {
                byte[] bytes = new byte[(int) (length - logOffset)];
                f.seek(logOffset);
                f.readFully(bytes);
                logOffset = length;
                partial.append(new String(bytes, StandardCharsets.US_ASCII));
                int newline;
                while ((newline = partial.indexOf("\n")) >= 0) {
                    String line = partial.substring(0, newline).trim();
                    partial.delete(0, newline + 1);
                    if (!line.isEmpty()) {
                        lastLogged = Math.max(lastLogged, Integer.parseInt(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lastLogged;
    }

    String describe() {
        return process == null ? "writer not started" : process.describe();
    }

    @Override
    public void close() {
        kill();
    }
}
