package dev.replicator.torture;

import dev.replicator.replica.ReplicaClient;
import dev.replicator.testing.HttpHead;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.SqliteFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One database's life in the crash harness: the app writes, {@code replicate} is started and SIGKILLed at chosen
 * moments again and again (now and then the app is killed inside a big transaction too), the replica is restored
 * between kills, and at the end a clean stop must leave every transaction committed before it restorable.
 */
final class CrashRound {

    private static final Duration MOMENT_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final Writer writer;
    private final ReplicaClient replica;
    private final FaultProxy proxy;
    private final WarmStarts warm;
    private final Random random;
    private final TrialStats stats;
    private int lastRestored;

    CrashRound(Path dir, Writer writer, ReplicaClient replica, FaultProxy proxy, WarmStarts warm, Random random,
               TrialStats stats) {
        this.dir = dir;
        this.writer = writer;
        this.replica = replica;
        this.proxy = proxy;
        this.warm = warm;
        this.random = random;
        this.stats = stats;
    }

    void run(int trials) throws Exception {
        writer.start();
        writer.awaitCommitAfter(0);
        for (int i = 0; i < trials; i++) {
            trial();
        }
        finish();
    }

    private void trial() throws Exception {
        KillMoment moment = KillMoment.pick(random);
        boolean killWriter = random.nextDouble() < 0.15;
        if (!killWriter && random.nextDouble() < 0.05) {
            appClosesTheDatabaseLast();
        }
        Hold hold = switch (moment) {
            case UPLOAD_NOT_STORED -> proxy.hold(CrashRound::isSegmentUpload, Hold.Point.BEFORE_FORWARD);
            case UPLOAD_STORED_UNACKNOWLEDGED -> proxy.hold(CrashRound::isSegmentUpload, Hold.Point.AFTER_FORWARD);
            case SNAPSHOT_UPLOAD -> {
                checkpointTruncateAsTheApp();
                yield proxy.hold(CrashRound::isSnapshotUpload,
                        random.nextBoolean() ? Hold.Point.BEFORE_FORWARD : Hold.Point.AFTER_FORWARD);
            }
            default -> null;
        };
        ManagedProcess replicate = warm.next();
        long go = System.nanoTime();
        CompletableFuture<Void> app = killWriter ? killAndRestartWriter(random.nextLong())
                : CompletableFuture.completedFuture(null);
        boolean reached;
        try {
            reached = reachAndKill(moment, replicate, hold);
        } finally {
            replicate.kill();
            if (hold != null) {
                hold.release();
            }
        }
        long killedAfter = (System.nanoTime() - go) / 1_000_000;
        app.get();
        String lastLine = LastLogLine.of(replicate.stderr());
        stats.trial(moment, reached, lastLine);
        if (random.nextDouble() < 0.15) {
            checkRestorable();
        }
        if (Boolean.getBoolean("torture.verbose")) { // keeps each replicate's log
            System.out.printf("trial %s%s, killed %d ms after go, app killed too: %s; last log line: %s; log %s%n",
                    moment, reached ? "" : " (not reached)", killedAfter, killWriter, lastLine,
                    replicate.stderrFile());
        } else {
            deleteLogs(replicate);
        }
    }

    /** Waits until {@code moment} (or gives up after a while, reporting that it was not reached), and kills. */
    private boolean reachAndKill(KillMoment moment, ManagedProcess replicate, Hold hold) throws Exception {
        boolean reached = reach(moment, replicate, hold);
        if (moment != KillMoment.CHECKPOINT_WAITING_FOR_WRITE_LOCK) {
            killAlive(replicate);
        }
        return reached;
    }

    private boolean reach(KillMoment moment, ManagedProcess replicate, Hold hold) throws Exception {
        BooleanSupplier died = () -> !replicate.isAlive();
        switch (moment) {
            case STARTUP -> Thread.sleep(random.nextInt(150));
            case RUNNING -> Thread.sleep(150 + random.nextInt(750));
            case UPLOAD_NOT_STORED, UPLOAD_STORED_UNACKNOWLEDGED, SNAPSHOT_UPLOAD -> {
                return awaitOrGiveUp(hold::isParked, died);
            }
            case AFTER_CHECKPOINT -> {
                LogTail log = new LogTail(replicate.stderrFile(), 0);
                if (!awaitOrGiveUp(() -> log.sawLine("checkpoint at"), died)) {
                    return false;
                }
                Thread.sleep(random.nextInt(3));
            }
            case CHECKPOINT_WAITING_FOR_WRITE_LOCK -> {
                LogTail log = new LogTail(replicate.stderrFile(), 0);
                if (!awaitOrGiveUp(() -> log.sawLine("replicating db="), died)) {
                    return false;
                }
                // Once the WAL holds min-checkpoint-page-count frames, the next pass starts a checkpoint, whose
                // hand-over then waits for the write lock taken here.
                if (!awaitOrGiveUp(() -> WalIndex.frames(writer.db()) >= TortureConfig.MIN_CHECKPOINT_PAGES + 8,
                        died)) {
                    return false;
                }
                try (Connection c = SqliteFiles.open(writer.db()); Statement st = c.createStatement()) {
                    st.execute("PRAGMA busy_timeout = 5000");
                    st.execute("BEGIN IMMEDIATE");
                    Thread.sleep(50 + random.nextInt(300));
                    killAlive(replicate);
                    st.execute("ROLLBACK");
                }
            }
        }
        return true;
    }

    /** SIGKILL; but a replicate that exited by itself (an error at start-up, say) fails the test. */
    private static void killAlive(ManagedProcess replicate) {
        if (replicate.isAlive()) {
            replicate.kill();
            return;
        }
        throw new AssertionError("replicate exited by itself:\n" + replicate.describe());
    }

    private static boolean awaitOrGiveUp(BooleanSupplier reached, BooleanSupplier died) {
        long deadline = System.nanoTime() + MOMENT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !died.getAsBoolean()) {
            if (reached.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return reached.getAsBoolean();
    }

    private CompletableFuture<Void> killAndRestartWriter(long seed) {
        return CompletableFuture.runAsync(() -> {
            try {
                writer.killInBigTransaction(new Random(seed));
                stats.writerKilled();
                writer.start();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * With replicate down: the app stops, and its close, as the last connection, checkpoints and deletes the WAL
     * (trap T4). The next replicate cannot prove continuity and must start a new generation.
     */
    private void appClosesTheDatabaseLast() throws SQLException {
        writer.kill();
        try (Connection c = SqliteFiles.open(writer.db()); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            st.executeQuery("SELECT count(*) FROM t").close();
        }
        stats.appClosedLast();
        writer.start();
    }

    /** With replicate down, the app empties the WAL, so the next replicate must start a generation. */
    private void checkpointTruncateAsTheApp() throws SQLException {
        try (Connection c = SqliteFiles.open(writer.db()); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout = 5000");
            try (ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next();
            }
        }
    }

    /**
     * What the replica holds right after a SIGKILL must restore to whole transactions 1..M, and M never goes back.
     */
    private void checkRestorable() throws Exception {
        Path out = dir.resolve("check.db");
        Optional<Path> restored = ReplicaRestore.latest(replica, out);
        if (restored.isEmpty()) {
            return;
        }
        int m = writer.shape().verifyPrefix(out, "restore after a SIGKILL");
        assertThat(m).as("transactions restorable after a SIGKILL (before: %d)", lastRestored)
                .isGreaterThanOrEqualTo(lastRestored)
                .isLessThanOrEqualTo(writer.lastLogged() + 1);
        lastRestored = m;
        stats.restoreChecked();
        Files.deleteIfExists(out);
    }

    /** The last clean stop: every transaction the app logged before SIGTERM must come back. */
    private void finish() throws Exception {
        ManagedProcess replicate = warm.next();
        LogTail log = new LogTail(replicate.stderrFile(), 0);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(5))
                .failFast(() -> !replicate.isAlive()).until(() -> log.sawLine("replicating db="));
        Thread.sleep(random.nextInt(300));
        int committedBeforeStop = writer.lastLogged();
        int exit = replicate.stop(Duration.ofSeconds(90));
        assertThat(exit).as("clean stop of replicate:\n%s", replicate.describe()).isZero();
        writer.kill();
        Path out = dir.resolve("final.db");
        assertThat(ReplicaRestore.latest(replica, out)).as("a snapshot after the clean stop").isPresent();
        int m = writer.shape().verifyPrefix(out, "restore after the clean stop");
        assertThat(m).as("transactions restored after the clean stop; the app logged %d before SIGTERM",
                committedBeforeStop).isGreaterThanOrEqualTo(committedBeforeStop)
                .isGreaterThanOrEqualTo(lastRestored);
        stats.roundDone(m);
        deleteLogs(replicate);
    }

    private static boolean isSegmentUpload(HttpHead r) {
        return FaultPlan.isUpload(r) && r.target().contains("/wal/");
    }

    private static boolean isSnapshotUpload(HttpHead r) {
        return FaultPlan.isUpload(r) && r.target().contains("/snapshots/");
    }

    private static void deleteLogs(ManagedProcess p) {
        Path logDir = p.stderrFile().getParent();
        try (Stream<Path> files = Files.walk(logDir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
