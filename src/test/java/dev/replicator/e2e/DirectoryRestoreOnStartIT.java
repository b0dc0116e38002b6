package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.e2e.E2e.S3Replica;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.Trees;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lost node of a per-tenant platform: every database of a {@code dir:} entry is gone, and {@code replicate} with
 * {@code restore-if-db-missing} brings back each tenant its replicas hold before the app starts, leaving a database
 * that exists here untouched.
 */
class DirectoryRestoreOnStartIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;

    @Test
    void restoresEveryTenantTheReplicasHoldAndLeavesAnExistingOneAlone() throws Exception {
        Path data = dir.resolve("data");
        Path a = data.resolve("a.db");
        Path b = data.resolve("tenants/b.db");
        Path kept = data.resolve("kept.db");
        SqliteFiles.appendRows(a, "t", 5);
        SqliteFiles.appendRows(b, "t", 9);
        SqliteFiles.appendRows(kept, "t", 3);
        S3Replica s3 = new S3Replica("s3", S3, S3.createBucket(), "backups");
        Path config = dir.resolve("replicator.yml");
        ConfigFiles.writeOwnerOnly(config, """
                dbs:
                  - dir: "%s"
                    recursive: true
                    restore-if-db-missing: true
                    replicas:
                      - url: "s3://%s/backups?endpoint=%s&region=%s"
                        access-key-id: %s
                        secret-access-key: %s
                """.formatted(data, s3.bucket(), S3.endpoint(), S3.region(), S3.accessKey(), S3.secretKey()));

        ManagedProcess first = ReplicatorProcess.start("replicate", "-config", config.toString());
        try (first) {
            E2e.awaitLog(first, "replicating the databases in dir=");
            E2e.stopCleanly(first);
        }
        Path saved = dir.resolve("before-the-loss");
        Trees.copy(data, saved);

        // The node is lost; a new one has only the config, and one tenant was already recreated here by hand.
        Trees.delete(data);
        SqliteFiles.appendRows(kept, "t", 1);

        ProcessResult second = ReplicatorProcess.run(Duration.ofSeconds(120), "replicate", "-config",
                config.toString(), "-exec", "sh -c 'test -f " + a + " && test -f " + b + "'");

        assertThat(second.exitCode()).as("the app started after the restores: %s", second).isZero();
        assertThat(second.stderr()).contains("db=" + a + " replica=s3 restored the missing database",
                "db=" + b + " replica=s3 restored the missing database",
                "dir=" + data + ": 3 database(s) in the replicas, 2 restored");
        for (Path db : List.of(a, b)) {
            assertThat(SqliteFiles.integrityCheck(db)).isEqualTo("ok");
            SqliteFiles.assertSameContent(saved.resolve(data.relativize(db)), db);
        }
        assertThat(SqliteFiles.tableDump(kept, "t", "id")).as("the existing database is left alone").hasSize(1);

        ProcessResult listed = E2e.replicator(Map.of(), "databases", "-config", config.toString());
        assertThat(listed.stdout()).contains(a.toString(), b.toString(), kept.toString());
    }
}
