package dev.replicator.check;

import dev.replicator.config.S3Settings;
import dev.replicator.replica.file.FileAccessProbe;
import dev.replicator.replica.s3.S3AccessProbe;
import dev.replicator.replica.s3.S3Tuning;
import dev.replicator.testing.ReadOnlyHttpProxy;
import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check}'s probe against S3Proxy over HTTP: each way to be wrong gives its own line. */
class AccessCheckTest {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    // Two attempts, as the check command uses: one retry absorbs a pooled connection the server closed meanwhile.
    static final S3Tuning FAST = new S3Tuning(2, Duration.ofSeconds(2), Duration.ofSeconds(10));

    private static CheckResult check(S3Settings location) throws Exception {
        try (S3AccessProbe probe = new S3AccessProbe(location, FAST)) {
            return AccessCheck.run("/data/app.db", "s3", probe);
        }
    }

    @Test
    void aGoodConfigPassesAndLeavesNothingBehind() throws Exception {
        String bucket = S3.createBucket();

        CheckResult r = check(S3.location(bucket, "app/db"));

        assertThat(r.ok()).as(r.message()).isTrue();
        assertThat(r.line()).matches("OK db=/data/app.db replica=s3 \\(s3://" + bucket + "/app/db\\): list, put, get "
                + "and delete work \\(probe s3://" + bucket + "/app/db/.replicator-check-[0-9a-f]{16} removed\\)");
        try (S3Client s3 = S3.newClient()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    void aWrongSecret() throws Exception {
        String bucket = S3.createBucket();
        S3Settings good = S3.location(bucket, "app");
        S3Settings wrong = new S3Settings(bucket, "app", good.endpoint(), good.region(), true, false,
                good.accessKeyId(), Optional.of("not-the-secret"));

        CheckResult r = check(wrong);

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("list failed: s3://" + bucket + ": access denied "
                + "(403 SignatureDoesNotMatch): check access-key-id and secret-access-key");
    }

    @Test
    void aMissingBucket() throws Exception {
        CheckResult r = check(S3.location("no-such-bucket", "app"));

        assertThat(r.ok()).isFalse();
        assertThat(r.message()).isEqualTo("list failed: s3://no-such-bucket/app: bucket does not exist: create it or "
                + "fix 'bucket'");
    }

    @Test
    void readOnlyCredentials() throws Exception {
        String bucket = S3.createBucket();
        try (ReadOnlyHttpProxy proxy = ReadOnlyHttpProxy.start(S3.endpoint())) {
            S3Settings good = S3.location(bucket, "app");
            S3Settings viaProxy = new S3Settings(bucket, "app", Optional.of(proxy.endpoint().toString()),
                    good.region(), true, false, good.accessKeyId(), good.secretAccessKey());

            CheckResult r = check(viaProxy);

            assertThat(r.ok()).isFalse();
            assertThat(r.message()).matches("put failed: s3://" + bucket + "/app/.replicator-check-[0-9a-f]{16}: "
                    + "access denied \\(403 AccessDenied\\): allow s3:PutObject on s3://" + bucket + "/app/\\* "
                    + "for this access key");
        }
    }

    @Test
    void anUnreachableEndpoint() throws Exception {
        S3Settings good = S3.location("b", "app");
        S3Settings closed = new S3Settings("b", "app", Optional.of("http://127.0.0.1:1"), good.region(), true, false,
                good.accessKeyId(), good.secretAccessKey());

        CheckResult r = check(closed);

        assertThat(r.message()).startsWith("list failed: cannot reach endpoint http://127.0.0.1:1: ")
                .endsWith(": check 'endpoint'");
    }

    @Test
    void aDirectoryReplica(@TempDir Path dir) throws Exception {
        Path replica = dir.resolve("backups/app");
        CheckResult ok = AccessCheck.run("/data/app.db", "file", new FileAccessProbe(replica));
        assertThat(ok.ok()).as(ok.message()).isTrue();
        assertThat(dir.resolve("backups")).doesNotExist();

        Path readOnly = Files.createDirectory(dir.resolve("ro"));
        // Root ignores permission bits; the immutable attribute stops root too.
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            assertThat(new ProcessBuilder("chattr", "+i", readOnly.toString()).inheritIO().start().waitFor())
                    .as("chattr +i on the test directory").isZero();
        } else {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        try {
            CheckResult denied = AccessCheck.run("/data/app.db", "file", new FileAccessProbe(readOnly));
            assertThat(denied.ok()).isFalse();
            assertThat(denied.message()).startsWith("put failed: cannot write in " + readOnly + ": ")
                    .containsAnyOf("permission denied: give the user running replicator write access to it",
                            "fix 'path' or the filesystem");
        } finally {
            if (root) {
                new ProcessBuilder("chattr", "-i", readOnly.toString()).inheritIO().start().waitFor();
            }
        }
    }
}
