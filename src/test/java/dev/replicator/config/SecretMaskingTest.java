package dev.replicator.config;

import dev.replicator.testing.AgeKeyPair;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskingTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String IDENTITY = AgeKeyPair.generate().identity();

    @Test
    void s3SettingsNeverPrintTheSecret() {
        S3Settings s3 = new S3Settings("b", "p", Optional.empty(), Optional.of("eu-west-1"), false, false,
                Optional.of("AKIAEXAMPLE"), Optional.of(SECRET));
        assertThat(s3.toString())
                .doesNotContain(SECRET)
                .contains("secretAccessKey=****")
                .contains("accessKeyId=AKIAEXAMPLE")
                .contains("bucket=b");
    }

    @Test
    void absentSecretSaysWhereItWillComeFrom() {
        S3Settings s3 = new S3Settings("b", "", Optional.empty(), Optional.empty(), false, false, Optional.empty(),
                Optional.empty());
        assertThat(s3.toString()).contains("secretAccessKey=(default chain)");
    }

    @Test
    void ageIdentitiesAreNeverPrinted() {
        AgeConfig age = new AgeConfig(List.of(IDENTITY), List.of("age1public"));
        assertThat(age.toString()).doesNotContain(IDENTITY).contains("(1 hidden)").contains("age1public");
    }

    @Test
    void wholeConfigPrintsNoSecret() {
        Config config = ConfigLoader.parse("""
                access-key-id: GLOBAL
                secret-access-key: ${GLOBAL_SECRET}
                dbs:
                  - path: /db
                    replicas:
                      - url: s3://b/p
                        age:
                          identities: [${IDENTITY}]
                      - url: s3://c/p
                        name: own
                        access-key-id: OWN
                        secret-access-key: ${SECRET}
                """, "t", Map.of("GLOBAL_SECRET", SECRET + "G", "SECRET", SECRET, "IDENTITY", IDENTITY));
        assertThat(config.dbs().get(0).replicas().get(0).s3().orElseThrow().secretAccessKey()).contains(SECRET + "G");
        assertThat(config.toString()).doesNotContain(SECRET).doesNotContain(IDENTITY);
        for (ReplicaConfig replica : config.dbs().get(0).replicas()) {
            assertThat(replica.describe()).doesNotContain(SECRET).doesNotContain("OWN").doesNotContain("GLOBAL");
        }
    }

    @Test
    void envCredentialsAreMaskedToo() {
        ReplicaConfig replica = ConfigLoader.replicaFromUrl("s3://b/p",
                Map.of("AWS_ACCESS_KEY_ID", "AKIA", "AWS_SECRET_ACCESS_KEY", SECRET));
        assertThat(replica.toString()).doesNotContain(SECRET);
        assertThat(replica.s3().orElseThrow().secretAccessKey()).contains(SECRET);
    }
}
