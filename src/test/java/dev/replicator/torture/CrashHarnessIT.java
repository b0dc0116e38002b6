package dev.replicator.torture;

import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash harness (rules R1, R2, R4, R6; traps T3, T4): the built jar replicates an app's database to S3 (S3Proxy
 * on disk, through {@link FaultProxy}) and is SIGKILLed over and over at chosen moments: during start-up, at random,
 * with a WAL segment upload parked before or after the storage stored it, with a new generation's snapshot upload
 * parked, right after a checkpoint, and while its checkpoint waits for the app's write lock. The app is killed inside
 * big transactions (with uncommitted frames in the WAL) and restarted, and sometimes closes the database last, which
 * deletes the WAL. After about one kill in seven the replica is restored and must hold whole transactions 1..M, M never
 * going back; after the last clean stop of each round, M must cover every transaction the app logged before it.
 *
 * <p>{@code -Dtorture.trials=N} (default 100) kills, {@code -Dtorture.trialsPerRound=N} (20) per database,
 * {@code -Dtorture.seed=S} to replay a run (the seed is printed), {@code -Dtorture.verbose=true} for a line per trial
 * (and each replicate's log kept).
 */
class CrashHarnessIT {

    private static final WriterTransactions SHAPE = new WriterTransactions(7, 15, 6);
    private static final double WRITER_RATE = 15;

    @TempDir
    Path dir;

    @Test
    void noCommittedTransactionIsLostWhateverIsKilledWhen() throws Exception {
        long seed = Long.getLong("torture.seed", new SecureRandom().nextLong());
        int trials = Integer.getInteger("torture.trials", 100);
        int perRound = Math.max(1, Integer.getInteger("torture.trialsPerRound", 20));
        System.out.printf("CrashHarnessIT: %d trials, seed %d (replay with -Dtorture.seed=%d)%n", trials, seed, seed);
        Random random = new Random(seed);
        TrialStats stats = new TrialStats();
        long start = System.nanoTime();
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createDirectories(dir.resolve("s3")));
             FaultProxy proxy = FaultProxy.start(s3.endpoint())) {
            String bucket = s3.createBucket();
            Path config = dir.resolve("replicator.yml");
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(),
                    "AWS_SECRET_ACCESS_KEY", s3.secretKey(), "AWS_REGION", s3.region());
            List<String> warmUp = List.of("generations",
                    "s3://" + bucket + "/warm-up?endpoint=" + s3.endpoint() + "&forcePathStyle=true");
            try (WarmStarts warm = WarmStarts.prepare(dir.resolve("warm"), warmUp,
                    List.of("replicate", "-config", config.toString()), env)) {
                for (int round = 1; trials > 0; round++) {
                    int n = Math.min(perRound, trials);
                    trials -= n;
                    Path roundDir = Files.createDirectories(dir.resolve("round-" + round));
                    String prefix = "round-" + round;
                    Files.writeString(config, TortureConfig.yaml(roundDir.resolve("app.db"), proxy.endpoint(), s3,
                            bucket, prefix));
                    try (Writer writer = new Writer(roundDir.resolve("app.db"), roundDir.resolve("committed.log"),
                            SHAPE, WRITER_RATE);
                         S3ReplicaClient replica = new S3ReplicaClient(s3.location(bucket, prefix))) {
                        new CrashRound(roundDir, writer, replica, proxy, warm, random, stats).run(n);
                    } catch (Throwable e) {
                        System.out.println("CrashHarnessIT failed in round " + round + " (seed " + seed + ")\n"
                                + stats.summary() + "\nproxy:\n" + proxy.history());
                        throw e;
                    }
                }
            }
        }
        System.out.printf("CrashHarnessIT: %s%nin %d s (seed %d)%n", stats.summary(),
                (System.nanoTime() - start) / 1_000_000_000, seed);
        assertThat(stats.writerKills()).as("app kills").isPositive();
        for (KillMoment parked : new KillMoment[] {KillMoment.UPLOAD_NOT_STORED,
                KillMoment.UPLOAD_STORED_UNACKNOWLEDGED, KillMoment.AFTER_CHECKPOINT,
                KillMoment.CHECKPOINT_WAITING_FOR_WRITE_LOCK}) {
            int[] counts = stats.moment(parked);
            assertThat(counts[1]).as("%s trials that reached the moment, of %d", parked, counts[0])
                    .isGreaterThanOrEqualTo(counts[0] * 3 / 4);
        }
    }
}
