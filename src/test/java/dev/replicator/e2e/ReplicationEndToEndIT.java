package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.e2e.E2e.Layout;
import dev.replicator.e2e.E2e.S3Replica;
import dev.replicator.testing.AppWriter;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar replicates a database that a separate process keeps writing, to an S3 replica (S3Proxy over HTTP)
 * and a file replica at once; every replica then restores, through the CLI, to the same rows as the source.
 */
class ReplicationEndToEndIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final int TRANSACTIONS = 3000;
    /** Every 1000th transaction writes 80 x 64 KiB: more than the 1000-page checkpoint threshold in one commit. */
    private static final int BIG_EVERY = 1000;
    private static final Pattern NEW_GENERATION = Pattern.compile("new generation ([0-9a-f]{16})");
    private static final Pattern RESUMING = Pattern.compile("resuming generation at ([0-9a-f]{16})/");

    @TempDir
    Path dir;

    /** One database, its config with an S3 replica named "s3" and a file replica named "file", and the app's log. */
    private final class Setup {
        final Path db = dir.resolve("app.db");
        final Path fileReplica = dir.resolve("file-replica");
        final S3Replica s3 = new S3Replica("s3", S3, S3.createBucket(), "app/db");
        final Path commitLog = dir.resolve("committed.log");
        final Path config;

        Setup() throws Exception {
            E2e.createAppDatabase(db);
            config = E2e.writeConfig(dir.resolve("replicator.yml"), db, s3, "file", fileReplica);
        }

        ManagedProcess launchWriter(String... extra) {
            return launchWriter(TRANSACTIONS, extra);
        }

        ManagedProcess launchWriter(int transactions, String... extra) {
            List<String> args = new ArrayList<>(List.of("--big-every", Integer.toString(BIG_EVERY),
                    "--log", commitLog.toString()));
            args.addAll(List.of(extra));
            return AppWriter.launch(db, transactions, args.toArray(String[]::new));
        }
    }

    @Test
    void replicatesAWritingAppToS3AndAFileAtOnceAndBothRestoreTheSameRows() throws Exception {
        Setup s = new Setup();
        E2e.step("a: start replicator");
        ManagedProcess replicator = E2e.startReplicator(s.config);
        E2e.step("a: start app");
        try (replicator; ManagedProcess app = s.launchWriter()) {
            assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
            E2e.step("a: app done");
            E2e.stopCleanly(replicator);
            E2e.step("a: replicator stopped");
        }
        Layout layout = assertEveryReplicaRestoresTheSource(s, allTransactions(), true);
        assertThat(generationsStarted(replicator)).as(replicator.describe()).hasSize(1);
        assertThat(layout.walIndexes(generationsStarted(replicator).get(0))).as("WAL indexes: checkpoints happened")
                .hasSizeGreaterThan(1);
        assertNoWarnings(replicator);
    }

    @Test
    void appRunningItsOwnTruncateCheckpointMidRunLosesNothing() throws Exception {
        Setup s = new Setup();
        ManagedProcess replicator = E2e.startReplicator(s.config);
        String appLog;
        // Right after a big transaction: the WAL is over replicator's checkpoint threshold, so replicator's next
        // sync checkpoints and hands its read lock over while the app's TRUNCATE waits for readers (busy_timeout
        // 5 s), which lets the TRUNCATE complete.
        int truncateAt = 2 * BIG_EVERY;
        try (replicator; ManagedProcess app = s.launchWriter("--checkpoint-truncate-at", Integer.toString(truncateAt))) {
            assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
            appLog = app.stderr();
            E2e.stopCleanly(replicator);
        }
        E2e.step("b: " + appLog.lines().filter(l -> l.contains("wal_checkpoint")).findFirst().orElse("?")
                + "; generations started " + generationsStarted(replicator) + reasons(replicator));
        assertThat(appLog).as("the app's TRUNCATE checkpoint completed and emptied the WAL")
                .contains("wal_checkpoint(TRUNCATE) after tx " + truncateAt + ": busy=0 log=0 checkpointed=0");
        assertThat(generationsStarted(replicator)).as("a truncated WAL is a new index, not a new generation: %s",
                replicator.describe()).hasSize(1);
        assertEveryReplicaRestoresTheSource(s, allTransactions(), false);
        assertNoWarnings(replicator);
    }

    @Test
    void restartsBySigtermAndSigkillWhileTheAppWritesLoseNoCommittedRow() throws Exception {
        Setup s = new Setup();
        // Paced so that the app keeps writing through both restarts (a replicator start takes a few seconds).
        int transactions = 4000;
        List<String> firstGenerations;
        try (ManagedProcess app = s.launchWriter(transactions, "--rate", "200")) {
            ManagedProcess first = E2e.startReplicator(s.config);
            ManagedProcess second;
            int atSigterm;
            try (first) {
                awaitMoreCommits(s, 300, app);
                // While replicator is down, the app's own auto-checkpoint would restart the WAL (the app writes
                // ~1000 pages a second), and then a new generation is the right answer (R6). A reader of the app
                // holds the WAL through this restart, so what is tested is replicator's part: it leaves the WAL in
                // place, and the next start proves continuity and resumes the same generation (T4).
                try (E2e.WalPin pin = E2e.WalPin.acquire(s.db, s.commitLog, app)) {
                    atSigterm = committedCount(s);
                    E2e.step("c: SIGTERM at tx " + atSigterm);
                    E2e.stopCleanly(first);
                    second = E2e.startReplicator(s.config);
                    E2e.step("c: restarted after SIGTERM at tx " + committedCount(s));
                }
            }
            assertThat(committedCount(s)).as("the app wrote while replicator restarted").isGreaterThan(atSigterm);
            firstGenerations = generationsStarted(first);
            assertThat(firstGenerations).as(first.describe()).hasSize(1);
            int atSigkill;
            try (second) {
                assertThat(resumed(second)).as("generation after a SIGTERM restart: %s", second.describe())
                        .containsExactly(firstGenerations.get(0));
                assertThat(generationsStarted(second)).as(second.describe()).isEmpty();
                awaitMoreCommits(s, 300, app);
                atSigkill = committedCount(s);
                E2e.step("c: SIGKILL at tx " + atSigkill);
                second.kill(); // no final sync, no cleanup
                assertThat(second.process().exitValue()).isEqualTo(137);
            }

            // Not pinned: if the app restarted the WAL meanwhile, a new generation is right; either way nothing
            // committed may be missing from the replicas after the final stop.
            ManagedProcess third = E2e.startReplicator(s.config);
            try (third) {
                E2e.step("c: restarted after SIGKILL at tx " + committedCount(s) + ": resumed " + resumed(third)
                        + ", new generations " + generationsStarted(third) + reasons(third));
                assertThat(committedCount(s)).as("the app wrote while replicator restarted").isGreaterThan(atSigkill);
                assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
                E2e.stopCleanly(third);
            }
        }
        List<Integer> committed = AppWriter.committed(s.commitLog);
        assertThat(committed).isEqualTo(IntStream.rangeClosed(1, transactions).boxed().toList());
        Layout layout = assertEveryReplicaRestoresTheSource(s, committed, false);
        assertThat(layout.generations()).as("the SIGTERM restart kept the generation").hasSizeLessThanOrEqualTo(2)
                .contains(firstGenerations.get(0));
    }

    /**
     * Cost: under an app that commits all the time, each replica uploads at most one WAL segment per sync-interval
     * (default 1 s) and WAL index, not one per storage round trip.
     */
    @Test
    void aBusyAppCostsAboutOneUploadPerSyncInterval() throws Exception {
        Setup s = new Setup();
        long start = System.nanoTime();
        ManagedProcess replicator = E2e.startReplicator(s.config);
        try (replicator; ManagedProcess app = s.launchWriter(600, "--rate", "100")) {
            assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
            E2e.stopCleanly(replicator);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Layout layout : List.of(E2e.assertLayout("S3 replica", s.s3.keys()),
                E2e.assertLayout("file replica", E2e.fileKeys(s.fileReplica)))) {
            assertThat(layout.generations()).hasSize(1);
            int indexes = layout.walIndexes(layout.generations().iterator().next()).size();
            // One upload pass per sync-interval while running, one at start-up and one at shutdown; a pass ships
            // one segment per WAL index it covers.
            long bound = (long) Math.ceil(seconds) + 2 + indexes;
            E2e.step("d: " + layout.segmentCount() + " WAL segments in " + indexes + " indexes over "
                    + String.format("%.1f", seconds) + " s (bound " + bound + ")");
            assertThat((long) layout.segmentCount()).as("WAL segments uploaded: %s", layout.wal())
                    .isLessThanOrEqualTo(bound);
        }
    }

    /**
     * A (re)start that coincides with a long transaction of the app (a big commit on a slow disk) waits for it
     * rather than failing after one busy-timeout (1 s), as a restart in the restart test once did.
     */
    @Test
    void aStartDuringALongAppTransactionWaitsForIt() throws Exception {
        Setup s = new Setup();
        ManagedProcess replicator;
        try (Connection app = SqliteFiles.openWal(s.db); Statement st = app.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("INSERT INTO t(id, n, payload, note) VALUES (1, 1, randomblob(100000), 'long transaction')");
            replicator = ReplicatorProcess.start("replicate", "-config", s.config.toString());
            E2e.awaitLog(replicator, "is write-locked");
            st.execute("COMMIT");
        }
        try (replicator) {
            E2e.awaitLog(replicator, "replicating db=");
            E2e.stopCleanly(replicator);
        }
        Path out = dir.resolve("restored.db");
        E2e.replicator(Map.of(), "restore", "-config", s.config.toString(), "-replica", "file", "-o",
                out.toString(), s.db.toString());
        SqliteFiles.assertSameContent(s.db, out);
        assertThat(SqliteFiles.tableDump(out, "t", "id")).hasSize(1);
    }

    private static int committedCount(Setup s) throws Exception {
        return AppWriter.committed(s.commitLog).size();
    }

    /** Waits until the app has committed {@code more} transactions beyond what it has now. */
    private static void awaitMoreCommits(Setup s, int more, ManagedProcess app) throws Exception {
        int target = committedCount(s) + more;
        Awaitility.await(target + " transactions committed by the app")
                .atMost(E2e.PROCESS_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    if (!app.isAlive()) {
                        throw new AssertionError("app exited before " + target + " transactions: " + app.describe());
                    }
                    return committedCount(s) >= target;
                });
    }

    private static List<Integer> allTransactions() {
        return IntStream.rangeClosed(1, TRANSACTIONS).boxed().toList();
    }

    /** Restores from each replica, through the config and through its URL, and compares with the source. */
    private Layout assertEveryReplicaRestoresTheSource(Setup s, List<Integer> committed, boolean alsoByUrl)
            throws Exception {
        E2e.step("comparing the source with what the app committed");
        assertThat(SqliteFiles.tableDump(s.db, "t", "id")).as("the source holds what the app committed")
                .isEqualTo(AppWriter.expectedDump(AppWriter.DEFAULT_SEED, BIG_EVERY, committed));

        Layout s3Layout = E2e.assertLayout("S3 replica", s.s3.keys());
        Layout fileLayout = E2e.assertLayout("file replica", E2e.fileKeys(s.fileReplica));
        assertThat(fileLayout.generations()).isEqualTo(s3Layout.generations());
        E2e.step(String.format("S3 replica: generations %s, %d WAL segments; file replica: %d WAL segments",
                s3Layout.generations(), s3Layout.segmentCount(), fileLayout.segmentCount()));

        Map<String, Path> restored = new LinkedHashMap<>();
        for (String name : List.of("s3", "file")) {
            Path out = dir.resolve("restored-" + name + "-config.db");
            E2e.replicator(Map.of(), "restore", "-config", s.config.toString(), "-replica", name,
                    "-o", out.toString(), s.db.toString());
            restored.put(name + " (config)", out);
            E2e.step("restored " + name);
        }
        if (alsoByUrl) {
            Path s3Url = dir.resolve("restored-s3-url.db");
            E2e.replicator(s.s3.credentials(), "restore", "-o", s3Url.toString(), s.s3.url());
            restored.put("s3 (url)", s3Url);
            Path fileUrl = dir.resolve("restored-file-url.db");
            E2e.replicator(Map.of(), "restore", "-o", fileUrl.toString(), s.fileReplica.toUri().toString());
            restored.put("file (url)", fileUrl);
            E2e.step("restored by url");
        }
        for (Map.Entry<String, Path> e : restored.entrySet()) {
            assertThat(SqliteFiles.integrityCheck(e.getValue())).as("integrity_check of %s", e.getKey())
                    .isEqualTo("ok");
            // The source holds exactly the expected rows (checked above), so this proves the restore does too.
            SqliteFiles.assertSameContent(s.db, e.getValue());
            assertThat(Files.exists(Path.of(e.getValue() + ".tmp"))).isFalse();
        }
        E2e.step("compared " + restored.size() + " restores with the source");
        return s3Layout;
    }

    private static void assertNoWarnings(ManagedProcess p) {
        assertThat(p.stderr().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                .as("warnings and errors of %s", p.describe()).isEmpty();
    }

    private static List<String> generationsStarted(ManagedProcess p) {
        return matches(NEW_GENERATION, p.stderr());
    }

    private static String reasons(ManagedProcess p) {
        return p.stderr().lines().filter(l -> l.contains("new generation")).map(l -> "\n    " + l)
                .reduce("", String::concat);
    }

    private static List<String> resumed(ManagedProcess p) {
        return matches(RESUMING, p.stderr());
    }

    private static List<String> matches(Pattern pattern, String log) {
        List<String> out = new ArrayList<>();
        Matcher m = pattern.matcher(log);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
