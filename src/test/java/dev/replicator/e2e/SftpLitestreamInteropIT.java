package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.AppWriter;
import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.SshdServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP replicas, through a test-started OpenSSH sshd, are interchangeable with Litestream v0.3.13's both ways. */
class SftpLitestreamInteropIT {

    @TempDir
    Path dir;

    private Path config(SshdServer sshd, Path db, Path remote) throws Exception {
        return Files.writeString(dir.resolve(db.getFileName() + ".yml"), """
                dbs:
                  - path: %s
                    replicas:
                      - url: sftp://%s@127.0.0.1:%d%s
                        key-path: %s
                """.formatted(db, sshd.user(), sshd.port(), remote, sshd.userKey()));
    }

    @Test
    void litestreamRestoresReplicatorsReplicaAndReplicatorRestoresLitestreams() throws Exception {
        try (SshdServer sshd = SshdServer.start(dir.resolve("sshd"))) {
            Path db = dir.resolve("app.db");
            E2e.createAppDatabase(db);
            Path config = config(sshd, db, dir.resolve("remote/app"));
            ManagedProcess replicator = E2e.startReplicator(config);
            try (replicator; ManagedProcess app = AppWriter.launch(db, 200)) {
                assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
                Thread.sleep(2000);
                E2e.stopCleanly(replicator);
            }
            Path restored = dir.resolve("litestream-restored.db");
            ProcessResult r = LitestreamBinary.run(E2e.PROCESS_TIMEOUT, "restore", "-config", config.toString(),
                    "-o", restored.toString(), db.toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();
            SqliteFiles.assertSameContent(db, restored);

            Path other = dir.resolve("other.db");
            E2e.createAppDatabase(other);
            Path otherConfig = config(sshd, other, dir.resolve("remote/other"));
            ManagedProcess litestream = LitestreamBinary.start("replicate", "-config", otherConfig.toString());
            try (litestream; ManagedProcess app = AppWriter.launch(other, 200)) {
                assertThat(app.waitFor(E2e.PROCESS_TIMEOUT)).as(app.describe()).isZero();
                Thread.sleep(3000);
            }
            Path back = dir.resolve("replicator-restored.db");
            ProcessResult restore = E2e.replicator(Map.of(), "restore", "-config", otherConfig.toString(), "-o",
                    back.toString(), other.toString());
            assertThat(restore.exitCode()).as(restore.describe()).isZero();
            SqliteFiles.assertSameContent(other, back);
        }
    }
}
