package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.e2e.E2e.S3Replica;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar replicates every database of a {@code dir:} entry, to S3 (S3Proxy) and a file replica, each under its
 * relative path: those there at start (one in a subdirectory), one created while it runs, and stops replicating one
 * that is deleted; every database then restores by its path through {@code restore -config}.
 */
class DirectoryDiscoveryIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;

    @Test
    void replicatesEveryDatabaseOfADirectoryUnderItsRelativePathAndRestoresEachByPath() throws Exception {
        Path data = dir.resolve("data");
        Path a = data.resolve("a.db");
        Path b = data.resolve("tenants/b.db");
        Path gone = data.resolve("gone.db");
        Path later = data.resolve("tenants/later.db");
        for (Path db : List.of(a, b, gone)) {
            Files.createDirectories(db.getParent());
            SqliteFiles.appendRows(db, "t", 5);
        }
        Files.writeString(data.resolve("notes.db"), "not a database");
        Path fileReplica = dir.resolve("file-replica");
        S3Replica s3 = new S3Replica("s3", S3, S3.createBucket(), "backups");
        Path config = dir.resolve("replicator.yml");
        ConfigFiles.writeOwnerOnly(config, """
                dbs:
                  - dir: "%s"
                    recursive: true
                    replicas:
                      - url: "s3://%s/backups?endpoint=%s&region=%s"
                        access-key-id: %s
                        secret-access-key: %s
                      - name: file
                        path: "%s"
                """.formatted(data, s3.bucket(), S3.endpoint(), S3.region(), S3.accessKey(), S3.secretKey(),
                fileReplica));

        ManagedProcess replicator = dev.replicator.testing.ReplicatorProcess.start("replicate", "-config",
                config.toString());
        try (replicator) {
            E2e.awaitLog(replicator, "replicating the databases in dir=");
            assertThat(replicator.stderr()).contains("db=" + a + " found", "db=" + b + " found", "db=" + gone + " found")
                    .doesNotContain("notes.db");
            E2e.step("started with 3 databases");

            SqliteFiles.appendRows(later, "t", 3); // created while replicate runs
            E2e.awaitLog(replicator, "db=" + later + " found in dir=");
            E2e.step("picked up " + later);

            for (Path db : List.of(a, b, later)) {
                SqliteFiles.appendRows(db, "t", 20);
            }
            Files.delete(gone);
            Files.deleteIfExists(Path.of(gone + "-wal"));
            Files.deleteIfExists(Path.of(gone + "-shm"));
            E2e.awaitLog(replicator, "db=" + gone + " was deleted: stopped replicating it");
            E2e.step("released the deleted database");
            SqliteFiles.appendRows(later, "u", 7); // right before the stop: the final sync ships it
            E2e.stopCleanly(replicator);
        }
        String log = replicator.stderr();
        assertThat(log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
                .as(replicator.describe()).isEmpty();
        assertThat(log.lines().filter(l -> l.contains("gone.db")).filter(l -> l.contains("deleted")).count())
                .as("one line for the deleted database").isEqualTo(1);

        List<String> keys = s3.keys();
        assertThat(keys).anyMatch(k -> k.startsWith("a.db/generations/"))
                .anyMatch(k -> k.startsWith("tenants/b.db/generations/"))
                .anyMatch(k -> k.startsWith("tenants/later.db/generations/"))
                .anyMatch(k -> k.startsWith("gone.db/generations/"))
                .allMatch(k -> k.matches("(a|gone|tenants/b|tenants/later)\\.db/generations/[0-9a-f]{16}/"
                        + "(snapshots/[0-9a-f]{8}\\.snapshot|wal/[0-9a-f]{8}_[0-9a-f]{8}\\.wal)\\.lz4"));
        for (String rel : List.of("a.db", "tenants/b.db", "tenants/later.db", "gone.db")) {
            assertThat(fileReplica.resolve(rel).resolve("generations")).as(rel).isDirectory();
        }

        ProcessResult listed = E2e.replicator(java.util.Map.of(), "databases", "-config", config.toString());
        assertThat(listed.stdout()).contains(a.toString(), b.toString(), later.toString())
                .contains("s3=s3://" + s3.bucket() + "/backups/tenants/b.db")
                .contains("file=file://" + fileReplica.resolve("tenants/b.db"))
                .doesNotContain("gone.db");

        for (Path db : List.of(a, b, later)) {
            for (String replica : List.of("s3", "file")) {
                Path out = dir.resolve("restored-" + replica + "-" + db.getFileName());
                E2e.replicator(java.util.Map.of(), "restore", "-config", config.toString(), "-replica", replica,
                        "-o", out.toString(), db.toString());
                SqliteFiles.assertSameContent(db, out);
            }
        }
        // The deleted database restores by its path too, to what it held when it was deleted.
        Path out = dir.resolve("restored-gone.db");
        E2e.replicator(java.util.Map.of(), "restore", "-config", config.toString(), "-o", out.toString(),
                gone.toString());
        assertThat(SqliteFiles.integrityCheck(out)).isEqualTo("ok");
        assertThat(SqliteFiles.tableDump(out, "t", "id")).hasSize(5);

        ProcessResult generations = E2e.replicator(java.util.Map.of(), "generations", "-config", config.toString(),
                b.toString());
        assertThat(generations.stdout()).contains("s3").contains("file");
    }
}
