package dev.replicator.torture;

import dev.replicator.db.StateDir;
import dev.replicator.replica.s3.S3ReplicaClient;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The replicator's state directory fills up, or stops accepting new files, while {@code replicate} (the built jar)
 * runs beside a busy app: replicate must say so in its log, naming the database and the cause, keep out of the app's
 * way (the app keeps committing), recover by itself once the directory is writable again, and lose nothing.
 */
class StateDirFaultIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final WriterTransactions SHAPE = new WriterTransactions(3, 0, 0);

    @TempDir
    Path dir;

    @Test
    void diskFull() throws Exception {
        Path db = dir.resolve("app.db");
        try (StateDirFault fault = StateDirFault.diskFull(StateDir.pathFor(db))) {
            survive(db, fault);
        }
    }

    @Test
    void stateDirectoryRefusesNewFiles() throws Exception {
        Path db = dir.resolve("app.db");
        try (StateDirFault fault = StateDirFault.readOnly(StateDir.pathFor(db))) {
            survive(db, fault);
        }
    }

    private void survive(Path db, StateDirFault fault) throws Exception {
        String bucket = S3.createBucket();
        Path config = Files.writeString(dir.resolve("replicator.yml"), "dbs:\n"
                + "  - path: " + db + "\n"
                + "    monitor-interval: 50ms\n"
                + "    min-checkpoint-page-count: 32\n"
                + "    replicas:\n"
                + "      - url: s3://" + bucket + "/app?endpoint=" + S3.endpoint() + "&forcePathStyle=true\n"
                + "        access-key-id: " + S3.accessKey() + "\n"
                + "        secret-access-key: " + S3.secretKey() + "\n"
                + "        sync-interval: 100ms\n");
        try (Writer app = new Writer(db, dir.resolve("committed.log"), SHAPE, 40);
             ManagedProcess replicate = startWhenTheDatabaseExists(app, config)) {
            LogTail log = new LogTail(replicate.stderrFile(), 0);
            await().atMost(Duration.ofSeconds(60)).failFast(() -> !replicate.isAlive())
                    .until(() -> log.sawLine("replicating db="));
            fault.break_();
            int atFault = app.lastLogged();
            await("a warning naming the database and the cause").atMost(Duration.ofSeconds(30))
                    .failFast(() -> !replicate.isAlive())
                    .until(() -> warning(replicate.stderr(), db, fault.errorText()) != null);
            assertThat(warning(replicate.stderr(), db, fault.errorText())).as("the warning names the place")
                    .contains(StateDir.pathFor(db).toString());
            app.awaitCommitAfter(atFault + 100);
            fault.repair();
            await("recovery").atMost(Duration.ofSeconds(60)).failFast(() -> !replicate.isAlive())
                    .until(() -> replicate.stderr().contains("recovered after"));
            int beforeStop = app.lastLogged();
            assertThat(replicate.stop()).as(replicate::describe).isZero();
            app.kill();
            try (S3ReplicaClient replica = new S3ReplicaClient(S3.location(bucket, "app"))) {
                Path restored = ReplicaRestore.latest(replica, dir.resolve("restored.db")).orElseThrow();
                assertThat(SHAPE.verifyPrefix(restored, "restore after the state directory fault"))
                        .isGreaterThanOrEqualTo(beforeStop);
            }
            System.out.println("StateDirFaultIT: " + warning(replicate.stderr(), db, fault.errorText()));
        }
    }

    private static ManagedProcess startWhenTheDatabaseExists(Writer app, Path config) {
        app.start();
        app.awaitCommitAfter(0);
        return ReplicatorProcess.start("replicate", "-config", config.toString());
    }

    /** The first WARN line that names the database and contains {@code cause}, or null. */
    private static String warning(String log, Path db, String cause) {
        List<String> lines = log.lines().filter(l -> l.contains(" WARN ") && l.contains("db=" + db)
                && l.contains(cause)).toList();
        return lines.isEmpty() ? null : lines.get(0);
    }
}
