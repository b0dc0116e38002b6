package dev.replicator.replica.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void prefixIsTrimmedAndJoinedWithoutDoubleSlashes() {
        S3Location nested = S3Location.of("bucket", "/backups/db/");
        S3Location root = S3Location.of("bucket", "");

        assertThat(nested.prefix()).isEqualTo("backups/db");
        assertThat(nested.key("generations/x")).isEqualTo("backups/db/generations/x");
        assertThat(nested.url()).isEqualTo("s3://bucket/backups/db");
        assertThat(root.key("generations/x")).isEqualTo("generations/x");
        assertThat(root.url()).isEqualTo("s3://bucket");
        assertThat(S3Location.of("bucket", null).prefix()).isEmpty();
    }

    @Test
    void toStringHidesTheSecret() {
        S3Location location = new S3Location("bucket", "db", Optional.of("http://127.0.0.1:9000/"),
                Optional.empty(), true, Optional.of("AKIAEXAMPLE"), Optional.of("wJalrXUtnFEMI/K7MDENG"));

        assertThat(location.toString()).contains("AKIAEXAMPLE").doesNotContain("wJalrXUtnFEMI");
        assertThat(location.endpoint()).contains("http://127.0.0.1:9000");
    }

    @Test
    void blankCredentialsMeanTheDefaultChain() {
        S3Location location = new S3Location("bucket", "db", Optional.empty(), Optional.of(" "), false,
                Optional.of(""), Optional.of(""));

        assertThat(location.accessKeyId()).isEmpty();
        assertThat(location.secretAccessKey()).isEmpty();
        assertThat(location.region()).isEmpty();
    }

    @Test
    void rejectsHalfTheCredentials() {
        assertThatThrownBy(() -> new S3Location("bucket", "db", Optional.empty(), Optional.empty(), false,
                Optional.of("AKIAEXAMPLE"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s3://bucket/db: only one of access-key-id and secret-access-key is set:"
                        + " set both, or neither to use the AWS default credentials");
    }

    @Test
    void rejectsBadBucketsAndEndpoints() {
        assertThatThrownBy(() -> S3Location.of(" ", "db")).hasMessageContaining("set 'bucket'");
        assertThatThrownBy(() -> S3Location.of("bucket/db", "")).hasMessageContaining("set 'bucket'");
        assertThatThrownBy(() -> new S3Location("bucket", "", Optional.of("127.0.0.1:9000"), Optional.empty(),
                true, Optional.empty(), Optional.empty()))
                .hasMessage("invalid S3 endpoint '127.0.0.1:9000': set 'endpoint' to a URL such as"
                        + " http://127.0.0.1:9000 or https://s3.example.com");
    }
}
