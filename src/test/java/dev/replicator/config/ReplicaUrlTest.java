package dev.replicator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaUrlTest {

    private static S3Settings s3(String url) {
        ReplicaConfig replica = ConfigLoader.replicaFromUrl(url, Map.of());
        assertThat(replica.type()).isEqualTo(ReplicaType.S3);
        return replica.s3().orElseThrow();
    }

    private static S3Settings s3(String bucket, String path, String endpoint, String region, boolean pathStyle) {
        return new S3Settings(bucket, path, Optional.ofNullable(endpoint), Optional.ofNullable(region), pathStyle,
                false, Optional.empty(), Optional.empty());
    }

    @Test
    void plainBucket() {
        assertThat(s3("s3://my-bucket/db/app")).isEqualTo(s3("my-bucket", "db/app", null, null, false));
        assertThat(s3("s3://my-bucket")).isEqualTo(s3("my-bucket", "", null, null, false));
        assertThat(s3("s3://my-bucket/")).isEqualTo(s3("my-bucket", "", null, null, false));
        assertThat(s3("s3://my.bucket//a//b/")).isEqualTo(s3("my.bucket", "a/b", null, null, false));
        assertThat(s3("s3://under_score/x")).isEqualTo(s3("under_score", "x", null, null, false));
    }

    @Test
    void awsVirtualHostedStyle() {
        assertThat(s3("s3://my-bucket.s3.amazonaws.com/db")).isEqualTo(s3("my-bucket", "db", null, null, false));
        assertThat(s3("s3://my-bucket.s3.eu-west-1.amazonaws.com/db"))
                .isEqualTo(s3("my-bucket", "db", null, "eu-west-1", false));
        assertThat(s3("s3://my.bucket.s3-us-west-2.amazonaws.com/db"))
                .isEqualTo(s3("my.bucket", "db", null, "us-west-2", false));
    }

    @Test
    void localhostHostMeansALocalServer() {
        assertThat(s3("s3://bkt.localhost:9000/db"))
                .isEqualTo(s3("bkt", "db", "http://localhost:9000", "us-east-1", true));
        assertThat(s3("s3://bkt.localhost/db")).isEqualTo(s3("bkt", "db", "http://localhost", "us-east-1", true));
    }

    @Test
    void queryParameters() {
        assertThat(s3("s3://b/db?endpoint=http://127.0.0.1:9000&region=auto"))
                .isEqualTo(s3("b", "db", "http://127.0.0.1:9000", "auto", true));
        assertThat(s3("s3://b/db?endpoint=minio.example.com&forcePathStyle=false"))
                .isEqualTo(s3("b", "db", "https://minio.example.com", "us-east-1", false));
        assertThat(s3("s3://b/db?endpoint=http%3A%2F%2Flocalhost%3A9000%2F"))
                .isEqualTo(s3("b", "db", "http://localhost:9000", "us-east-1", true));
        assertThat(s3("s3://b/db?skipVerify=true").skipVerify()).isTrue();
        assertThat(s3("s3://b/db?region=eu-central-1")).isEqualTo(s3("b", "db", null, "eu-central-1", false));
    }

    @Test
    void keysOverrideQueryParameters() {
        Config config = ConfigLoader.parse("""
                dbs:
                  - path: /db
                    replicas:
                      - url: s3://b/db?endpoint=http://localhost:9000&region=x
                        region: y
                        force-path-style: false
                        endpoint: localhost:9100
                """, "t", Map.of());
        assertThat(config.dbs().get(0).replicas().get(0).s3())
                .contains(s3("b", "db", "http://localhost:9100", "y", false));
    }

    @Test
    void fileForms() {
        assertThat(ConfigLoader.replicaFromUrl("file:///var/backups/app", Map.of()).path())
                .contains(Path.of("/var/backups/app"));
        assertThat(ConfigLoader.replicaFromUrl("file://localhost/var/backups/app", Map.of()).path())
                .contains(Path.of("/var/backups/app"));
        assertThat(ConfigLoader.replicaFromUrl("file:///var/backups/with%20space", Map.of()).path())
                .contains(Path.of("/var/backups/with space"));
        ReplicaConfig plain = ConfigLoader.replicaFromUrl("/var/backups/./app/", Map.of());
        assertThat(plain.type()).isEqualTo(ReplicaType.FILE);
        assertThat(plain.name()).isEqualTo("file");
        assertThat(plain.path()).contains(Path.of("/var/backups/app"));
        assertThat(plain.describe()).isEqualTo("file:///var/backups/app");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gs://b/x | gs://b/x: type 'gcs' is not supported; Google Cloud Storage serves the S3 API: use type: s3 with endpoint: https://storage.googleapis.com and an HMAC key (Cloud Storage > Settings > Interoperability) as access-key-id and secret-access-key",
            "backups/app | 'backups/app' is not a replica URL; write s3://BUCKET/PATH, sftp://USER@HOST[:PORT]/PATH, abs://[ACCOUNT@]CONTAINER/PATH, file:///DIR or an absolute path",
            "s3:///path | s3:///path has no bucket; write s3://BUCKET/PATH",
            "s3://localhost:9000/p | s3://localhost:9000/p has no bucket; write s3://BUCKET.localhost:9000/PATH",
            "s3://b:9000/p | s3://b:9000/p has a port in its host; write s3://BUCKET/PATH?endpoint=http://HOST:9000",
            "s3://b/p?regoin=x | unknown query parameter 'regoin' in s3://b/p?regoin=x: did you mean 'region'?",
            "s3://b/p?foo=1 | unknown query parameter 'foo' in s3://b/p?foo=1: known ones are endpoint, region, "
                    + "forcePathStyle, skipVerify",
            "s3://b/p?region= | query parameter region in s3://b/p?region= has no value; write region=VALUE or remove it",
            "s3://b/p?region=a&region=b | query parameter region appears twice in s3://b/p?region=a&region=b; keep one",
            "s3://b/p?forcePathStyle=yes | query parameter forcePathStyle in s3://b/p?forcePathStyle=yes must be true "
                    + "or false, not 'yes'",
            "s3://b/p?endpoint=ftp://x | endpoint 'ftp://x' is not a server URL; write one like https://s3.example.com "
                    + "or http://localhost:9000",
            "s3://b/../x | path '/../x' climbs above the bucket root with '..'; write the prefix out",
            "s3://b/p#frag | s3://b/p#frag has a '#' fragment; remove it",
            "s3://b/a b | 's3://b/a b' is not a valid URL (Illegal character in path at index 8); percent-encode "
                    + "spaces and special characters",
            "file://backups/app | file://backups/app names a host; write file:///ABSOLUTE/DIR (three slashes)",
            "file:///x?y=1 | file:///x?y=1 has query parameters; file URLs take none, remove '?...'",
            "file:relative | file:relative has no absolute directory; write file:///ABSOLUTE/DIR",
    })
    void badUrls(String url, String message) {
        assertThatThrownBy(() -> ConfigLoader.replicaFromUrl(url, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("command line: url: " + message);
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> ConfigLoader.replicaFromUrl("s3://AKIA:topsecret@bucket/p", Map.of()))
                .hasMessage("command line: url: s3://***@bucket/p carries credentials; remove them and set "
                        + "access-key-id and secret-access-key, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
                .message().doesNotContain("topsecret");
    }

    @Test
    void endpointNormalization() {
        assertThat(ReplicaUrl.normalizeEndpoint("s3.example.com")).isEqualTo("https://s3.example.com");
        assertThat(ReplicaUrl.normalizeEndpoint("localhost:9000")).isEqualTo("http://localhost:9000");
        assertThat(ReplicaUrl.normalizeEndpoint("http://10.0.0.5:9000/")).isEqualTo("http://10.0.0.5:9000");
        assertThat(ReplicaUrl.normalizeEndpoint("HTTPS://R2.example.com")).isEqualTo("HTTPS://R2.example.com");
    }
}
