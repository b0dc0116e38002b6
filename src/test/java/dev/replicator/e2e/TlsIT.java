package dev.replicator.e2e;

import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * S3 over HTTPS with a certificate from a private CA (S3Proxy with a CA this test makes): refused without the CA,
 * accepted once the JVM trusts the CA (README's steps), and accepted with {@code skip-verify: true}, which logs a
 * warning naming the replica.
 */
class TlsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    static Path certs;
    private static TestCa ca;
    private static S3ProxyServer s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3OverTls() {
        ca = TestCa.create(certs);
        s3 = S3ProxyServer.startTls(ca.serverKeyStore(), ca.password());
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void aCertificateFromAnUnknownCaIsRefused() throws Exception {
        ProcessResult r = check(config(s3.createBucket(), false), List.of());
        assertThat(r.exitCode()).as(r::describe).isEqualTo(1);
        assertThat(r.stdout() + r.stderr()).as(r::describe).contains("FAILED").containsIgnoringCase("certif");
    }

    @Test
    void theJvmTrustStoreWithTheCaIsAccepted() throws Exception {
        ProcessResult r = check(config(s3.createBucket(), false), ca.trustStoreOptions());
        assertThat(r.exitCode()).as(r::describe).isZero();
        String bucket = s3.createBucket();
        Path config = config(bucket, false);
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 100);
        ManagedProcess replicate = ManagedProcess.start("replicator", ReplicatorProcess.command(
                ca.trustStoreOptions(), "replicate", "-config", config.toString()), Map.of());
        await().atMost(TIMEOUT).failFast(() -> !replicate.isAlive())
                .until(() -> replicate.stderr().contains("replicating db="));
        await().atMost(TIMEOUT).failFast(() -> !replicate.isAlive()).until(() -> walSegments(bucket).size() >= 1);
        SqliteFiles.appendRows(db, "t", 100);
        await("the new rows shipped over TLS while running").atMost(TIMEOUT).failFast(() -> !replicate.isAlive())
                .until(() -> walSegments(bucket).size() >= 2);
        assertThat(replicate.stop(TIMEOUT)).as(replicate::describe).isZero();
        Path restored = dir.resolve("restored.db");
        ProcessResult restore = ManagedProcess.run("replicator", TIMEOUT, ReplicatorProcess.command(
                ca.trustStoreOptions(), "restore", "-config", config.toString(), "-o", restored.toString(),
                db.toString()), Map.of());
        assertThat(restore.exitCode()).as(restore::describe).isZero();
        SqliteFiles.assertSameContent(db, restored, "t");
    }

    @Test
    void skipVerifyIsHonouredAndWarnedAbout() throws Exception {
        ProcessResult r = check(config(s3.createBucket(), true), List.of());
        assertThat(r.exitCode()).as(r::describe).isZero();
        assertThat(r.stderr().lines().filter(l -> l.contains(" WARN ") && l.contains("skip-verify")))
                .as(r::describe).hasSize(1).allMatch(l -> l.contains("replica=tls"));
        assertThat(r.stderr()).as("the SDK's own warning, said once already").doesNotContain("verification is disabled");
    }

    /** The WAL segment objects the replica holds so far. */
    private static List<String> walSegments(String bucket) {
        return s3.keys(bucket).stream().filter(k -> E2e.WAL_KEY.matcher(k).find()).toList();
    }

    private ProcessResult check(Path config, List<String> jvmOptions) {
        return ManagedProcess.run("replicator", TIMEOUT, ReplicatorProcess.command(jvmOptions, "check", "-config",
                config.toString()), Map.of());
    }

    private Path config(String bucket, boolean skipVerify) throws Exception {
        return Files.writeString(dir.resolve("replicator-" + bucket + ".yml"), "dbs:\n"
                + "  - path: " + dir.resolve("app.db") + "\n"
                + "    replicas:\n"
                + "      - name: tls\n"
                + "        url: s3://" + bucket + "/app?endpoint=" + s3.endpoint() + "&forcePathStyle=true\n"
                + "        access-key-id: " + s3.accessKey() + "\n"
                + "        secret-access-key: " + s3.secretKey() + "\n"
                + (skipVerify ? "        skip-verify: true\n" : ""));
    }
}
