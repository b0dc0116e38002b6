package dev.replicator.config;

import dev.replicator.testing.AgeKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ExposedSecretsTest {

    @TempDir
    Path dir;

    @Test
    void findsLiteralSecretsOnly() throws IOException {
        String identity = AgeKeyPair.generate().identity();
        assertThat(ExposedSecrets.secretsIn("age:\n  identities: [" + identity + "]\n"))
                .containsExactly("an age identity");
        assertThat(ExposedSecrets.secretsIn("  - url: s3://b\n    secret-access-key: \"abc/def\"\n"))
                .containsExactly("a secret-access-key");
        assertThat(ExposedSecrets.secretsIn("secret-access-key: ${AWS_SECRET}\nidentities: [${AGE_IDENTITY}]\n"
                + "secret-access-key:\n# secret-access-key: commented\n")).isEmpty();
        assertThat(ExposedSecrets.secretsIn(Files.readString(Path.of("replicator.yml.example")))).isEmpty();
    }

    @Test
    void worldReadableOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(ExposedSecrets.readableByOthers(file)).isEmpty();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ExposedSecrets.readableByOthers(file)).contains("rw-r--r--");
    }
}
