package dev.replicator.e2e;

import dev.replicator.testing.AgeKeyPair;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReadOnlyHttpProxy;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code replicator check} end to end: one line per replica, each failure with its own cause and fix. */
class CheckIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    @TempDir
    Path dir;

    @Test
    void oneLinePerReplicaWithThePreciseFailure() throws Exception {
        String bucket = S3.createBucket();
        Path db = dir.resolve("app.db");
        try (ReadOnlyHttpProxy readOnly = ReadOnlyHttpProxy.start(S3.endpoint())) {
            Path config = dir.resolve("replicator.yml");
            ConfigFiles.writeOwnerOnly(config, "access-key-id: " + S3.accessKey() + "\n"
                    + "secret-access-key: " + S3.secretKey() + "\n"
                    + "dbs:\n"
                    + "  - path: " + db + "\n"
                    + "    replicas:\n"
                    + replica("good", bucket, "good", S3.endpoint(), "")
                    + replica("wrong-secret", bucket, "wrong", S3.endpoint(), "        secret-access-key: nope\n"
                            + "        access-key-id: " + S3.accessKey() + "\n")
                    + replica("no-bucket", "missing-bucket", "app", S3.endpoint(), "")
                    + replica("read-only", bucket, "ro", readOnly.endpoint(), "")
                    + "      - name: dir\n        path: " + dir.resolve("backups") + "\n");

            ProcessResult r = ReplicatorProcess.run(Duration.ofSeconds(60), "check", "-config", config.toString());

            assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
            List<String> lines = r.stdout().lines().toList();
            assertThat(lines).as(r.toString()).hasSize(5);
            String at = "db=" + db + " replica=";
            assertThat(lines.get(0)).startsWith("OK " + at + "good (s3://" + bucket + "/good): list, put, get and "
                    + "delete work (probe s3://" + bucket + "/good/.replicator-check-");
            assertThat(lines.get(1)).isEqualTo("FAILED " + at + "wrong-secret (s3://" + bucket + "/wrong): list "
                    + "failed: s3://" + bucket + ": access denied (403 SignatureDoesNotMatch): check access-key-id and "
                    + "secret-access-key");
            assertThat(lines.get(2)).isEqualTo("FAILED " + at + "no-bucket (s3://missing-bucket/app): list failed: "
                    + "s3://missing-bucket/app: bucket does not exist: create it or fix 'bucket'");
            assertThat(lines.get(3)).matches("FAILED " + at.replace(".", "\\.") + "read-only \\(s3://" + bucket
                    + "/ro\\): put failed: s3://" + bucket + "/ro/\\.replicator-check-[0-9a-f]{16}: access denied "
                    + "\\(403 AccessDenied\\): allow s3:PutObject on s3://" + bucket + "/ro/\\* for this access key");
            assertThat(lines.get(4)).startsWith("OK " + at + "dir (" + dir.resolve("backups") + "): list, put, get");
            assertThat(r.stderr()).doesNotContain("Exception");
        }
        try (S3Client s3 = S3.newClient()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).as("probes removed").isEmpty();
        }
        assertThat(dir.resolve("backups")).doesNotExist();
        assertThat(db).doesNotExist();
    }

    @Test
    void confirmsTheAgeIdentitiesDecryptWhatTheRecipientsEncrypt() throws Exception {
        AgeKeyPair current = AgeKeyPair.generate();
        AgeKeyPair next = AgeKeyPair.generate();
        AgeKeyPair stranger = AgeKeyPair.generate();
        Path db = dir.resolve("app.db");
        Path config = dir.resolve("replicator.yml");
        ConfigFiles.writeOwnerOnly(config, "dbs:\n"
                + "  - path: " + db + "\n"
                + "    replicas:\n"
                + ageReplica("rotating", "[" + current.recipient() + ", " + next.recipient() + "]",
                        "[" + current.identity() + "]")
                + ageReplica("write-only", "[" + current.recipient() + "]", null)
                + ageReplica("wrong-key", "[" + current.recipient() + "]", "[" + stranger.identity() + "]"));

        ProcessResult r = ReplicatorProcess.run(Duration.ofSeconds(60), "check", "-config", config.toString());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).as(r.toString()).hasSize(3);
        assertThat(lines.get(0)).startsWith("OK db=" + db + " replica=rotating").endsWith("; age: the identities "
                + "decrypt 1 of 2 recipient(s), so restores read what is uploaded");
        assertThat(lines.get(1)).startsWith("OK db=" + db + " replica=write-only").endsWith("; age: encrypts to 1 "
                + "recipient(s) and holds no identity here; a restore needs the AGE-SECRET-KEY-1... of one of them");
        assertThat(lines.get(2)).startsWith("FAILED db=" + db + " replica=wrong-key").contains("list, put, get and "
                + "delete work").endsWith(", but age: none of the 1 identity(ies) decrypts what is encrypted to ["
                + current.recipient() + "]: add the identity of one of these recipients, or fix 'recipients'");
        assertThat(r.stdout() + r.stderr()).doesNotContain(current.identity()).doesNotContain(stranger.identity());
        assertThat(db).doesNotExist();
    }

    private String ageReplica(String name, String recipients, String identities) {
        return "      - name: " + name + "\n"
                + "        path: " + dir.resolve(name) + "\n"
                + "        age:\n"
                + "          recipients: " + recipients + "\n"
                + (identities == null ? "" : "          identities: " + identities + "\n");
    }

    private static String replica(String name, String bucket, String path, URI endpoint, String extra) {
        return "      - name: " + name + "\n"
                + "        type: s3\n"
                + "        bucket: " + bucket + "\n"
                + "        path: " + path + "\n"
                + "        endpoint: " + endpoint + "\n"
                + "        force-path-style: true\n"
                + extra;
    }
}
