package dev.replicator.e2e;

import dev.replicator.testing.AzuriteServer;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.Ports;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.replicator.testing.OneLineError.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input for the sftp and abs replicas, through the built jar: an SSH server that is not there (a closed loopback
 * port) and an Azure account key that is wrong (a real Azurite). {@code replicate} and {@code restore} each fail with
 * exit 1 and one line naming the replica and the fix, no stack trace, and leave the database's directory, the
 * replica and the restore target as they were.
 */
class RemoteReplicaBadInputIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    /** Refused connections must not be retried for long. */
    private static final Duration FAST = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void anSftpServerThatIsNotThereIsOneLineAndChangesNothing() throws Exception {
        Path work = dir.resolve("work");
        Path db = work.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 10);
        int port = Ports.freePort();
        Path config = ConfigFiles.writeOwnerOnly(work.resolve("replicator.yml"), "dbs:\n"
                + "  - path: " + db + "\n"
                + "    replicas:\n"
                + "      - name: offsite\n"
                + "        type: sftp\n"
                + "        host: 127.0.0.1:" + port + "\n"
                + "        user: backup\n"
                + "        password: not-used\n"
                + "        path: " + work.resolve("remote") + "\n");
        String replica = "sftp://backup@127.0.0.1:" + port + work.resolve("remote");
        Map<String, String> before = Trees.fingerprint(work);

        long start = System.nanoTime();
        ProcessResult replicate = run("replicate", "-config", config.toString());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("giving up on a closed port").isLessThan(FAST);
        assertOneLineError(replicate, 1, replica, "connection refused", "check host and port");

        ProcessResult restore = run("restore", "-config", config.toString(), "-o",
                work.resolve("out.db").toString(), db.toString());
        assertOneLineError(restore, 1, replica, "connection refused", "check host and port");

        assertThat(Trees.fingerprint(work)).as("database, its directory and the restore target untouched")
                .isEqualTo(before);
    }

    @Test
    void aWrongAzureAccountKeyIsOneLineAndChangesNothing() throws Exception {
        try (AzuriteServer azurite = AzuriteServer.start(dir.resolve("azurite"))) {
            azurite.createContainer("backups");
            Path work = dir.resolve("work");
            Path db = work.resolve("app.db");
            SqliteFiles.appendRows(db, "t", 10);
            String wrongKey = Base64.getEncoder().encodeToString("not the account key of devstoreaccount1, but "
                    .repeat(2).getBytes(StandardCharsets.US_ASCII));
            Path wrong = absConfig(work.resolve("wrong.yml"), azurite, db, wrongKey);
            String replica = "abs://" + AzuriteServer.ACCOUNT + "@backups/app";
            Map<String, String> before = Trees.fingerprint(work);

            ProcessResult replicate = run("replicate", "-config", wrong.toString());
            assertOneLineError(replicate, 1, replica, "access denied", "check account-name and account-key");
            ProcessResult restore = run("restore", "-config", wrong.toString(), "-o",
                    work.resolve("out.db").toString(), db.toString());
            assertOneLineError(restore, 1, replica, "access denied", "check account-name and account-key");
            assertThat(Trees.fingerprint(work)).as("database, its directory and the restore target untouched")
                    .isEqualTo(before);

            Path right = absConfig(work.resolve("right.yml"), azurite, db, AzuriteServer.KEY);
            ProcessResult nothingStored = run("restore", "-config", right.toString(), "-o",
                    work.resolve("out.db").toString(), db.toString());
            assertOneLineError(nothingStored, 1, replica, "no backup");
        }
    }

    private static Path absConfig(Path file, AzuriteServer azurite, Path db, String key) throws Exception {
        return ConfigFiles.writeOwnerOnly(file, "dbs:\n"
                + "  - path: " + db + "\n"
                + "    replicas:\n"
                + "      - name: azure\n"
                + "        type: abs\n"
                + "        account-name: " + AzuriteServer.ACCOUNT + "\n"
                + "        account-key: " + key + "\n"
                + "        bucket: backups\n"
                + "        path: app\n"
                + "        endpoint: " + azurite.endpoint() + "\n");
    }

    private static ProcessResult run(String... args) {
        return ReplicatorProcess.run(RUN, args);
    }
}
