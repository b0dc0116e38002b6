package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.Ports;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicate -exec}: the built jar runs {@link ChildApp}, which writes to the database, as its child. Exit codes
 * pass through, signals reach the child, every row it committed is restorable, and no child starts when
 * replication cannot.
 */
class ExecIT {

    @TempDir
    Path dir;

    @Test
    void execFromTheConfigExitsZeroAndEveryRowTheChildCommittedIsRestorable() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        Path child = dir.resolve("child");
        Supervised.createDatabase(db);
        String exec = Supervised.childCommand(db, child, "--rows", "200", "--exit", "0");
        Path config = Supervised.fileConfig(dir.resolve("r.yml"), db, replica,
                "exec: \"" + exec.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n", "");

        ProcessResult r = Supervised.replicator("replicate", "-config", config.toString());

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderr().indexOf("replicating db=")).as(r.describe())
                .isGreaterThanOrEqualTo(0).isLessThan(r.stderr().indexOf("started child pid="));
        assertThat(r.stderr()).contains("exited with code 0; final sync");
        assertThat(Supervised.lines(child.resolve("started"))).containsExactly("0");
        List<Long> committed = Supervised.committed(child);
        assertThat(committed).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
        assertThat(Supervised.restoredIds(replica.toUri().toString(), dir.resolve("restored.db"), Map.of()))
                .containsExactlyElementsOf(committed);
    }

    @Test
    void aNonZeroExitCodeIsPassedOnAfterTheFinalSync() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        Path child = dir.resolve("child");
        Supervised.createDatabase(db);

        ProcessResult r = Supervised.replicator("replicate", "-exec",
                Supervised.childCommand(db, child, "--rows", "50", "--exit", "3"), db.toString(),
                replica.toUri().toString());

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
        assertThat(r.stderr()).contains("exited with code 3; final sync").contains("replica=file up to date at");
        assertThat(Supervised.committed(child)).hasSize(50);
        assertThat(Supervised.restoredIds(replica.toUri().toString(), dir.resolve("restored.db"), Map.of()))
                .containsExactlyElementsOf(Supervised.committed(child));
    }

    @Test
    void signalsReachTheChildAndSighupAloneDoesNotStopReplication() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        Path child = dir.resolve("child");
        Supervised.createDatabase(db);
        try (ManagedProcess p = ReplicatorProcess.start("replicate", "-exec",
                Supervised.childCommand(db, child, "--rows", "20", "--wait-for-signal", "--exit", "0"),
                db.toString(), replica.toUri().toString())) {
            Supervised.awaitFile(p, child.resolve("ready"));

            Supervised.signal(p, "HUP");
            Awaitility.await("SIGHUP recorded by the child").atMost(Supervised.TIMEOUT)
                    .until(() -> Supervised.lines(child.resolve("signals")).contains("HUP"));
            assertThat(p.isAlive()).as(p.describe()).isTrue();
            assertThat(p.stderr()).doesNotContain("final sync");

            int exit = p.stop(Supervised.TIMEOUT);

            assertThat(exit).as(p.describe()).isZero();
            assertThat(Supervised.lines(child.resolve("signals"))).containsExactly("HUP", "TERM");
            assertThat(p.stderr()).contains("forwarded SIGHUP to child", "forwarded SIGTERM to child",
                    "exited with code 0; final sync");
        }
        List<Long> committed = Supervised.committed(child);
        assertThat(committed).hasSize(21); // the 21st was committed after SIGTERM, while replicator waited
        assertThat(Supervised.restoredIds(replica.toUri().toString(), dir.resolve("restored.db"), Map.of()))
                .containsExactlyElementsOf(committed);
    }

    @Test
    void theChildIsNotStartedWhenReplicationCannotStart() throws Exception {
        Path db = dir.resolve("app.db");
        Path child = dir.resolve("child");
        String exec = Supervised.childCommand(db, child, "--rows", "1");

        Path badKey = Supervised.fileConfig(dir.resolve("bad-key.yml"), db, dir.resolve("replica"), "",
                "retention: 24h\n");
        Supervised.createDatabase(db);
        ProcessResult unknownKey = Supervised.replicator("replicate", "-config", badKey.toString(), "-exec", exec);
        assertThat(unknownKey.exitCode()).as(unknownKey.describe()).isEqualTo(2);
        assertThat(unknownKey.stderr()).contains("unknown key dbs[0].retention");

        int closedPort = Ports.freePort();
        Path unreachable = dir.resolve("unreachable.yml");
        Files.writeString(unreachable, "dbs:\n  - path: \"" + db + "\"\n    replicas:\n"
                + "      - url: s3://bucket/app?endpoint=http://127.0.0.1:" + closedPort + "&region=us-east-1\n"
                + "        access-key-id: key\n        secret-access-key: secret\n");
        ProcessResult noStorage = Supervised.replicator("replicate", "-config", unreachable.toString(), "-exec", exec);
        assertThat(noStorage.exitCode()).as(noStorage.describe()).isEqualTo(1);
        assertThat(noStorage.stderr()).contains("127.0.0.1:" + closedPort);

        Path missing = dir.resolve("missing.db");
        ProcessResult noDatabase = Supervised.replicator("replicate", "-exec", exec, missing.toString(),
                dir.resolve("replica2").toUri().toString());
        assertThat(noDatabase.exitCode()).as(noDatabase.describe()).isEqualTo(1);
        assertThat(noDatabase.stderr()).contains(missing.toString(), "database does not exist");

        assertThat(child.resolve("started")).doesNotExist();
        assertThat(unknownKey.stderr() + noStorage.stderr() + noDatabase.stderr()).doesNotContain("started child");
    }
}
