package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.AppWriter;
import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.AzuriteServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Azure Blob Storage replicas, through a test-started Azurite, are interchangeable with Litestream v0.3.13's both ways. */
class AbsLitestreamInteropIT {

    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("LITESTREAM_AZURE_ACCOUNT_KEY", AzuriteServer.KEY);

    private Path config(AzuriteServer azurite, Path db, String path) throws Exception {
        return Files.writeString(dir.resolve(db.getFileName() + ".yml"), """
                dbs:
                  - path: %s
                    replicas:
                      - url: abs://%s@backups/%s
                        endpoint: %s
                """.formatted(db, AzuriteServer.ACCOUNT, path, azurite.endpoint()));
    }

    @Test
    void litestreamRestoresReplicatorsReplicaAndReplicatorRestoresLitestreams() throws Exception {
        try (AzuriteServer azurite = AzuriteServer.start(dir.resolve("azurite"))) {
            azurite.createContainer("backups");
            Path db = dir.resolve("app.db");
            E2e.createAppDatabase(db);
            Path config = config(azurite, db, "app");
            ManagedProcess replicator = ReplicatorProcess.start(ENV, "replicate", "-config", config.toString());
            E2e.awaitLog(replicator, "replicating db=");
            try (replicator; ManagedProcess app = AppWriter.launch(db, 200)) {
                assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
                Thread.sleep(2000);
                E2e.stopCleanly(replicator);
            }
            Path restored = dir.resolve("litestream-restored.db");
            ProcessResult r = LitestreamBinary.run(E2e.PROCESS_TIMEOUT, ENV, "restore", "-config", config.toString(),
                    "-o", restored.toString(), db.toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();
            SqliteFiles.assertSameContent(db, restored);

            Path other = dir.resolve("other.db");
            E2e.createAppDatabase(other);
            Path otherConfig = config(azurite, other, "other");
            ManagedProcess litestream = LitestreamBinary.start(ENV, "replicate", "-config", otherConfig.toString());
            try (litestream; ManagedProcess app = AppWriter.launch(other, 200)) {
                assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
                Thread.sleep(3000);
            }
            Path back = dir.resolve("replicator-restored.db");
            ProcessResult restore = E2e.replicator(ENV, "restore", "-config", otherConfig.toString(), "-o",
                    back.toString(), other.toString());
            assertThat(restore.exitCode()).as(restore.describe()).isZero();
            SqliteFiles.assertSameContent(other, back);
        }
    }
}
