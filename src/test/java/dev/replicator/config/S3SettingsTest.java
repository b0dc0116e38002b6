package dev.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void prefixIsTrimmedAndJoinedWithoutDoubleSlashes() {
        S3Settings nested = S3Settings.of("bucket", "/backups/db/");
        S3Settings root = S3Settings.of("bucket", "");

        assertThat(nested.prefix()).isEqualTo("backups/db");
        assertThat(nested.key("generations/x")).isEqualTo("backups/db/generations/x");
        assertThat(nested.url()).isEqualTo("s3://bucket/backups/db");
        assertThat(root.key("generations/x")).isEqualTo("generations/x");
        assertThat(root.url()).isEqualTo("s3://bucket");
        assertThat(S3Settings.of("bucket", null).prefix()).isEmpty();
        assertThat(nested.under("tenants/a.db").prefix()).isEqualTo("backups/db/tenants/a.db");
    }

    @Test
    void toStringHidesTheSecret() {
        S3Settings location = new S3Settings("bucket", "db", Optional.of("http://127.0.0.1:9000/"),
                Optional.empty(), true, false, Optional.of("AKIAEXAMPLE"), Optional.of("wJalrXUtnFEMI/K7MDENG"));

        assertThat(location.toString()).contains("AKIAEXAMPLE").doesNotContain("wJalrXUtnFEMI");
        assertThat(location.endpoint()).contains("http://127.0.0.1:9000");
    }

    @Test
    void blankCredentialsMeanTheDefaultChain() {
        S3Settings location = new S3Settings("bucket", "db", Optional.empty(), Optional.of(" "), false, false,
                Optional.of(""), Optional.of(""));

        assertThat(location.accessKeyId()).isEmpty();
        assertThat(location.secretAccessKey()).isEmpty();
        assertThat(location.region()).isEmpty();
    }

    @Test
    void rejectsBadBucketsAndEndpoints() {
        assertThatThrownBy(() -> S3Settings.of(" ", "db")).hasMessageContaining("set 'bucket'");
        assertThatThrownBy(() -> S3Settings.of("bucket/db", "")).hasMessageContaining("set 'bucket'");
        assertThatThrownBy(() -> new S3Settings("bucket", "", Optional.of("127.0.0.1:9000"), Optional.empty(),
                true, false, Optional.empty(), Optional.empty()))
                .hasMessage("invalid S3 endpoint '127.0.0.1:9000': set 'endpoint' to a URL such as"
                        + " http://127.0.0.1:9000 or https://s3.example.com");
    }
}
