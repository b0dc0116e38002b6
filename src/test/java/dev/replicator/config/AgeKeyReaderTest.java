package dev.replicator.config;

import dev.replicator.testing.AgeKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AgeKeyReaderTest {

    private static final AgeKeyPair A = AgeKeyPair.generate();
    private static final AgeKeyPair B = AgeKeyPair.generate();

    @TempDir
    Path dir;

    private static AgeConfig age(String ageBody, Map<String, String> env) {
        String yaml = "dbs:\n  - path: /db\n    replicas:\n      - url: s3://b/p\n        age:\n"
                + ageBody.strip().indent(10);
        return ConfigLoader.parse(yaml, "r.yml", env).dbs().get(0).replicas().get(0).age();
    }

    private static AgeConfig age(String ageBody) {
        return age(ageBody, Map.of());
    }

    private static String error(String ageBody) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> age(ageBody));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(A.identity()).doesNotContain(B.identity());
        return e.getMessage();
    }

    @Test
    void litestreamKeysWithEnvExpansion() {
        AgeConfig age = age("recipients: [" + A.recipient() + ", ${NEXT}]\nidentities: [${ID}]",
                Map.of("NEXT", B.recipient(), "ID", A.identity()));
        assertThat(age.recipients()).containsExactly(A.recipient(), B.recipient());
        assertThat(age.identities()).containsExactly(A.identity());
    }

    @Test
    void anEntryMayHoldAKeyFilesText() {
        AgeConfig age = age("identities:\n  - |\n    # created: 2026-01-01T00:00:00Z\n    # public key: "
                + A.recipient() + "\n    " + A.identity() + "\n\n    " + B.identity() + "\n");
        assertThat(age.identities()).containsExactly(A.identity(), B.identity());
    }

    @Test
    void identitiesFromKeyFilePaths() {
        Path a = A.writeIdentityFile(dir.resolve("a.key"));
        Path b = B.writeIdentityFile(dir.resolve("b.key"));
        AgeConfig age = age("identities: [" + a + "]\nidentity-file: " + b);
        assertThat(age.identities()).containsExactly(A.identity(), B.identity());
    }

    @Test
    void missingOrEmptyIdentityFile() throws IOException {
        Path missing = dir.resolve("nope.key");
        assertThat(error("identity-file: " + missing)).isEqualTo("r.yml line 6: dbs[0].replicas[0].age.identity-file: "
                + "age identity file " + missing + " does not exist; create it with age-keygen -o " + missing
                + " or fix the path");
        Path empty = Files.writeString(dir.resolve("empty.key"), "# nothing here\n");
        assertThat(error("identities: [" + empty + "]")).isEqualTo("r.yml line 6: dbs[0].replicas[0].age."
                + "identities[0]: age identity file " + empty + " holds no AGE-SECRET-KEY-1... line; create one with "
                + "age-keygen -o " + empty);
    }

    @Test
    void aBrokenKeyIsNamedByPositionNeverEchoed() throws IOException {
        String broken = A.identity().substring(0, 40) + B.identity().substring(40);
        assertThat(error("identities: [" + broken + "]")).isEqualTo("r.yml line 6: dbs[0].replicas[0].age."
                + "identities[0] is not a valid age identity (bad length or checksum): copy the whole "
                + "AGE-SECRET-KEY-1... line of the key file again").doesNotContain(broken);
        Path file = Files.writeString(dir.resolve("bad.key"), "# comment\n" + broken + "\n");
        assertThat(error("identity-file: " + file)).contains("age.identity-file (" + file + " line 2) is not a "
                + "valid age identity").doesNotContain(broken);
        assertThat(error("recipients: [" + A.recipient() + "x]")).isEqualTo("r.yml line 6: dbs[0].replicas[0].age."
                + "recipients[0] is not a valid age recipient (bad length or checksum): copy the whole age1... "
                + "public key again (age-keygen -y KEYFILE prints it)");
        assertThat(error("recipients: [" + A.identity() + "]")).contains("age.recipients[0] is not an age recipient");
    }
}
