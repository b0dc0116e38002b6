package dev.replicator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.replicator.testing.OneLineError.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code replicator status} (the built jar): from a running replicate (position, lag, health), from the replicas when
 * none runs, exit 1 for a stale or unreachable replica, one-line errors for bad input.
 */
class StatusIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void statusComesFromTheRunningReplicateThenFromTheReplicas() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 10);
        Path config = Files.writeString(dir.resolve("replicator.yml"), "dbs:\n  - path: " + db + "\n"
                + "    replicas:\n      - name: backup\n        path: " + dir.resolve("replica") + "\n");
        ManagedProcess replicate = ReplicatorProcess.start("replicate", "-config", config.toString());
        try {
            await().atMost(TIMEOUT).failFast(() -> !replicate.isAlive())
                    .until(() -> replicate.stderr().contains("replicating db="));
            SqliteFiles.appendRows(db, "t", 10);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                JsonNode row = json(run(0, "status", "-json", "-config", config.toString())).get(0);
                assertThat(row.get("source").asText()).isEqualTo("replicate");
                assertThat(row.get("health").asText()).isEqualTo("ok");
                assertThat(row.get("lag_bytes").asLong()).isZero();
                assertThat(row.get("position").asText()).isEqualTo(row.get("uploaded").asText()).isNotEqualTo("-");
            });
            ProcessResult table = run(0, "status", "-config", config.toString());
            assertThat(table.stdout().lines().toList()).hasSize(2);
            assertThat(table.stdout()).contains(db.toString(), "backup", "replicate", "ok");
            assertThat(replicate.stderr()).as("a status query is not worth a log line").doesNotContain("status");
        } finally {
            assertThat(replicate.stop(TIMEOUT)).as(replicate::describe).isZero();
        }
        JsonNode stored = json(run(0, "status", "-json", "-config", config.toString())).get(0);
        assertThat(stored.get("source").asText()).isEqualTo("replicas");
        assertThat(stored.get("health").asText()).isEqualTo("not running");
        assertThat(stored.get("uploaded").asText()).isNotEqualTo("-");
        Thread.sleep(2_000);
        ProcessResult stale = run(1, "status", "-max-age", "1s", "-config", config.toString());
        assertThat(stale.stdout()).contains("stale");
        run(0, "status", "-max-age", "1h", "-config", config.toString());
    }

    @Test
    void anUnreachableReplicaFailsTheStatus() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 1);
        Path config = Files.writeString(dir.resolve("replicator.yml"), "dbs:\n  - path: " + db + "\n"
                + "    replicas:\n      - url: s3://bucket/app?endpoint=http://127.0.0.1:1\n"
                + "        access-key-id: key\n        secret-access-key: secret\n");
        JsonNode row = json(run(1, "status", "-json", "-config", config.toString())).get(0);
        assertThat(row.get("health").asText()).isEqualTo("unreachable");
        assertThat(row.get("last_error").asText()).isNotEqualTo("-");
    }

    @Test
    void badInputGetsOneLine() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 1);
        Path config = Files.writeString(dir.resolve("replicator.yml"), "dbs:\n  - path: " + db + "\n"
                + "    replicas:\n      - path: " + dir.resolve("replica") + "\n");
        assertOneLineError(ReplicatorProcess.run(TIMEOUT, "status", "-max-age", "1x", "-config", config.toString()),
                2, "-max-age 1x");
        assertOneLineError(ReplicatorProcess.run(TIMEOUT, "status", "-config", config.toString(),
                dir.resolve("other.db").toString()), 2, "other.db");
    }

    private static ProcessResult run(int exit, String... args) {
        ProcessResult r = ReplicatorProcess.run(TIMEOUT, args);
        assertThat(r.exitCode()).as(r::describe).isEqualTo(exit);
        return r;
    }

    private static JsonNode json(ProcessResult r) throws Exception {
        JsonNode node = new ObjectMapper().readTree(r.stdout());
        assertThat(node.isArray()).as(r::describe).isTrue();
        return node;
    }
}
