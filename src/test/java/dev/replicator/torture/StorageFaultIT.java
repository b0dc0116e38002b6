package dev.replicator.torture;

import dev.replicator.replica.Replica;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.replicate.Replication;
import dev.replicator.testing.HttpHead;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static dev.replicator.torture.Fault.Kind.RESET_AFTER_FORWARD;
import static dev.replicator.torture.Fault.Kind.RESET_BEFORE_FORWARD;
import static dev.replicator.torture.Fault.Kind.RESET_MID_REQUEST;
import static dev.replicator.torture.Fault.Kind.TRUNCATE_REQUEST;
import static dev.replicator.torture.Fault.Kind.TRUNCATE_RESPONSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Storage faults between replication and S3 ({@link FaultProxy} in front of S3Proxy on disk): error statuses before
 * and after the store kept an upload, resets before, during and after a request, truncated bodies both ways, slow
 * answers, full outages, and restarts and restores through them. In every scenario: the recorded upload position is
 * never ahead of what the store holds (sampled throughout), the backlog drains once the faults stop, shutdown reports
 * success, and a restore equals the live database.
 */
class StorageFaultIT {

    private static final long SEED = Long.getLong("torture.seed", 6);
    private static final Predicate<HttpHead> ANY = r -> true;

    @TempDir
    static Path shared;
    static S3ProxyServer s3;
    static FaultProxy proxy;
    static String bucket;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStorage() throws IOException {
        s3 = S3ProxyServer.start(Files.createDirectories(shared.resolve("s3")));
        proxy = FaultProxy.start(s3.endpoint());
        bucket = s3.createBucket();
    }

    @AfterAll
    static void stopStorage() throws IOException {
        proxy.close();
        s3.close();
    }

    /** The scenarios, or those whose name contains {@code -Dtorture.scenario=TEXT}. */
    static List<FaultScenario> scenarios() {
        String only = System.getProperty("torture.scenario", "");
        return allScenarios().stream().filter(s -> s.name().contains(only)).toList();
    }

    private static List<FaultScenario> allScenarios() {
        Fault[] chaos = {Fault.status(500), Fault.status(503), Fault.statusAfterForward(500),
                Fault.of(RESET_BEFORE_FORWARD), Fault.of(RESET_MID_REQUEST), Fault.of(RESET_AFTER_FORWARD),
                Fault.of(TRUNCATE_REQUEST), Fault.of(TRUNCATE_RESPONSE), Fault.delay(Duration.ofMillis(150))};
        return List.of(
                FaultScenario.of("every 3rd upload answered 500, not stored",
                        seed -> FaultPlan.everyNth(3, FaultPlan::isUpload, Fault.status(500))),
                FaultScenario.of("every 2nd upload answered 503, not stored",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isUpload, Fault.status(503))),
                FaultScenario.of("every 2nd upload stored, then answered 500",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isUpload, Fault.statusAfterForward(500))),
                FaultScenario.of("30% of all requests answered 500 or 503",
                        seed -> FaultPlan.random(seed, 0.3, ANY, Fault.status(500), Fault.status(503))),
                FaultScenario.of("every 3rd upload reset before it reaches the store",
                        seed -> FaultPlan.everyNth(3, FaultPlan::isUpload, Fault.of(RESET_BEFORE_FORWARD))),
                FaultScenario.of("every 2nd upload reset halfway through its body",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isUpload, Fault.of(RESET_MID_REQUEST))),
                FaultScenario.of("every 2nd upload stored, then the connection reset",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isUpload, Fault.of(RESET_AFTER_FORWARD))),
                FaultScenario.of("every 2nd upload body cut in half on its way to the store",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isUpload, Fault.of(TRUNCATE_REQUEST))),
                FaultScenario.of("every request delayed 100 or 400 ms",
                        seed -> FaultPlan.random(seed, 1.0, ANY, Fault.delay(Duration.ofMillis(100)),
                                Fault.delay(Duration.ofMillis(400)))),
                FaultScenario.of("every answer dribbled out over 300 ms",
                        seed -> FaultPlan.random(seed, 1.0, ANY, Fault.slowResponse(Duration.ofMillis(300)))),
                FaultScenario.outage("2 s outage, every connection reset", Duration.ofSeconds(2)),
                FaultScenario.outage("4 s outage, every connection reset", Duration.ofSeconds(4)),
                FaultScenario.of("25% chaos of every kind", seed -> FaultPlan.random(seed, 0.25, ANY, chaos)),
                FaultScenario.of("restart while every 2nd listing answers 503",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isListing, Fault.status(503))).withRestart(),
                FaultScenario.of("restart while downloads of the last segment come back truncated",
                        seed -> FaultPlan.first(3, FaultPlan::isDownload, Fault.of(TRUNCATE_RESPONSE)))
                        .withRestart(),
                FaultScenario.of("restart under 25% chaos", seed -> FaultPlan.random(seed, 0.25, ANY, chaos))
                        .withRestart(),
                new FaultScenario("3 s outage across a restart", seed -> FaultPlan.PASS, Duration.ofSeconds(3),
                        true, false, false, false),
                FaultScenario.of("multipart snapshot whose parts fail until the upload is aborted",
                        seed -> FaultPlan.first(6, r -> r.target().contains("partNumber="), Fault.status(500)))
                        .withBigDatabase(),
                FaultScenario.of("restore through 30% errors and resets on downloads and listings",
                        seed -> FaultPlan.random(seed, 0.3, r -> FaultPlan.isDownload(r) || FaultPlan.isListing(r),
                                Fault.status(500), Fault.status(503), Fault.of(RESET_BEFORE_FORWARD)))
                        .withFaultyRestore(),
                FaultScenario.of("restore through truncated downloads",
                        seed -> FaultPlan.everyNth(2, FaultPlan::isDownload, Fault.of(TRUNCATE_RESPONSE)))
                        .withFaultyRestore(),
                FaultScenario.of("restore through slow downloads",
                        seed -> FaultPlan.random(seed, 1.0, FaultPlan::isDownload,
                                Fault.slowResponse(Duration.ofMillis(200)))).withFaultyRestore(),
                FaultScenario.of("final sync and upload through 30% errors and resets",
                        seed -> FaultPlan.random(seed, 0.3, ANY, Fault.status(500), Fault.of(RESET_BEFORE_FORWARD),
                                Fault.of(RESET_AFTER_FORWARD))).withFaultyShutdown());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void nothingIsRecordedUnstoredAndEverythingArrives(FaultScenario scenario) throws Exception {
        String prefix = "s" + Integer.toHexString(scenario.name().hashCode());
        Path db = dir.resolve("app.db");
        if (scenario.bigDatabase()) {
            seedBigDatabase(db);
        }
        proxy.plan(FaultPlan.PASS);
        proxy.endOutage();
        int injectedBefore = proxy.injectedTotal();
        try (S3ReplicaClient direct = new S3ReplicaClient(s3.location(bucket, prefix));
             S3ReplicaClient viaProxy = new S3ReplicaClient(S3Locations.at(proxy.endpoint(),
                     s3.location(bucket, prefix)))) {
            AppLoad.create(db);
            FaultPlan plan = scenario.plan().apply(SEED);
            if (scenario.bigDatabase()) {
                proxy.plan(plan);
            }
            Replication replication = startThroughFaults(db, viaProxy);
            try (AppLoad app = AppLoad.start(db, SEED, 2, true);
                 CoverageSampler sampler = new CoverageSampler(InProcessReplication.replica(replication),
                    new StoredCoverage(direct))) {
                if (!scenario.faultyRestore()) {
                    proxy.plan(plan);
                }
                int commitsBefore = app.commits();
                int minFaults = scenario.restart() ? 1 : 3; // listings happen only while starting
                if (!scenario.outage().isZero()) {
                    proxy.outage(scenario.outage());
                }
                if (scenario.restart()) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> app.commits() >= commitsBefore + 10);
                    replication.shutdown(Duration.ofSeconds(2));
                    replication = startThroughFaults(db, viaProxy);
                    sampler.follow(InProcessReplication.replica(replication));
                }
                await().atMost(Duration.ofSeconds(60))
                        .conditionEvaluationListener(new Diagnosis(() -> "commits " + (app.commits() - commitsBefore)
                                + " of 30 (" + app.failure() + "), faults " + (proxy.injectedTotal() - injectedBefore)
                                + " of " + minFaults + "\n" + proxy.history()))
                        .until(() -> app.commits() >= commitsBefore + 30
                                && (scenario.faultyRestore() || proxy.injectedTotal() >= injectedBefore + minFaults));
                await().atMost(scenario.outage().plusSeconds(30)).until(() -> !proxy.inOutage());
                app.stop();
                if (!scenario.faultyShutdown()) {
                    proxy.plan(FaultPlan.PASS);
                }
                Replica replica = InProcessReplication.replica(replication);
                await("the backlog drains").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20))
                        .conditionEvaluationListener(new Diagnosis(() -> "uploaded " + replica.uploaded()
                                + " of " + replica.database().position() + "\n" + proxy.history()))
                        .until(replica::caughtUp);
                assertThat(replication.shutdown(Duration.ofSeconds(60))).as("shutdown reports success").isTrue();
                proxy.plan(FaultPlan.PASS);
                sampler.close();
                assertThat(sampler.violations()).as("recorded positions not in the store").isEmpty();
                assertThat(sampler.samples()).as("positions sampled").isGreaterThanOrEqualTo(3);
            }
            proxy.plan(scenario.faultyRestore() ? scenario.plan().apply(SEED + 1) : FaultPlan.PASS);
            Path restored = dir.resolve("restored.db");
            Optional<Path> out = ReplicaRestore.latest(scenario.faultyRestore() ? viaProxy : direct, restored);
            proxy.plan(FaultPlan.PASS);
            assertThat(out).isPresent();
            SqliteFiles.assertSameContent(db, restored, "t");
        } finally {
            proxy.plan(FaultPlan.PASS);
            proxy.endOutage();
        }
        assertThat(proxy.injectedTotal() - injectedBefore).as("faults injected:\n%s", proxy.history()).isPositive();
    }

    /** A start while faults last: start-up lists the replica and may fail; try again as a supervisor would. */
    private static Replication startThroughFaults(Path db, S3ReplicaClient client) throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                return InProcessReplication.start(db, client);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void seedBigDatabase(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            s.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 120) "
                    + "INSERT INTO t(v) SELECT randomblob(100000) FROM c");
        }
    }
}
