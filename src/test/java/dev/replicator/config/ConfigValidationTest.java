package dev.replicator.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every config error: one line, names the source, line and key, and says what to do. */
class ConfigValidationTest {

    private static String error(String yaml) {
        return error(yaml, Map.of());
    }

    private static String error(String yaml, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "r.yml", env));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("Exception");
        return e.getMessage();
    }

    private static String db(String dbBody) {
        return "dbs:\n  - path: /db\n" + dbBody.indent(4);
    }

    private static String replica(String replicaBody) {
        return db("replicas:\n  - " + replicaBody.strip().indent(4).strip() + "\n");
    }

    @Test
    void unknownKeySuggestsTheClosestOne() {
        assertThat(error(replica("url: s3://b/p\nretension: 72h")))
                .isEqualTo("r.yml line 5: unknown key dbs[0].replicas[0].retension: did you mean 'retention'?");
    }

    @Test
    void unknownKeySuggestsForOtherSpellings() {
        assertThat(error(replica("url: s3://b/p\nforcePathStyle: true")))
                .endsWith("unknown key dbs[0].replicas[0].forcePathStyle: did you mean 'force-path-style'?");
        assertThat(error(db("replicaz:\n  - url: s3://b/p")))
                .isEqualTo("r.yml line 3: unknown key dbs[0].replicaz: did you mean 'replicas'?");
        assertThat(error("logging:\n  levle: info\n"))
                .isEqualTo("r.yml line 2: unknown key logging.levle: did you mean 'level'?");
    }

    @Test
    void unknownKeyWithoutNeighbourListsTheKnownKeys() {
        assertThat(error("dbs: []\nbackup-plan:\n  interval: 1h\n"))
                .isEqualTo("r.yml line 2: unknown key backup-plan: remove it; known keys here are dbs, addr, exec, "
                        + "logging, access-key-id, secret-access-key, heartbeat-url, heartbeat-interval, health-window, "
                        + "api-token, api-token-file");
    }

    @Test
    void retentionKeepIsStrict() {
        assertThat(error(replica("url: s3://b/p\nretention-keep:\n  dayly: 7")))
                .isEqualTo("r.yml line 6: unknown key dbs[0].replicas[0].retention-keep.dayly: did you mean 'daily'?");
        assertThat(error(replica("url: s3://b/p\nretention-keep:\n  weekly: -1")))
                .isEqualTo("r.yml line 6: dbs[0].replicas[0].retention-keep.weekly must be 0 or more (how many "
                        + "snapshots to keep), not -1");
        assertThat(error(replica("url: s3://b/p\nretention-keep:\n  monthly: twelve")))
                .isEqualTo("r.yml line 6: dbs[0].replicas[0].retention-keep.monthly must be a whole number, not a "
                        + "string");
        assertThat(error(replica("url: s3://b/p\nretention-keep: 7")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].retention-keep must be a mapping (indented key: value "
                        + "lines), not a number");
        assertThat(error(replica("url: s3://b/p\nverify-interval: 0s")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].verify-interval must be more than 0s; remove it to get "
                        + "the default");
    }

    @Test
    void validationIntervalIsLitestreamsNameForVerifyInterval() {
        assertThat(error(replica("url: s3://b/p\nverify-interval: 1h\nvalidation-interval: 6h")))
                .isEqualTo("r.yml line 6: dbs[0].replicas[0].validation-interval (Litestream's name for "
                        + "verify-interval) is 6h but dbs[0].replicas[0].verify-interval is 1h; keep one");
        assertThat(error(replica("url: s3://b/p\nvalidation-interval: 0s")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].validation-interval must be more than 0s; remove it to "
                        + "get the default");
    }

    @Test
    void missingDatabasePath() {
        assertThat(error("dbs:\n  - replicas:\n      - url: s3://b/p\n"))
                .isEqualTo("r.yml line 2: dbs[0]: missing path; add path: /path/to/app.db (the SQLite file to "
                        + "replicate), or dir: /data (every database in that directory)");
    }

    @Test
    void noReplicas() {
        assertThat(error("dbs:\n  - path: /db\n"))
                .isEqualTo("r.yml line 2: dbs[0]: no replicas; add replicas: with at least one entry, like "
                        + "'- url: s3://BUCKET/PATH'");
    }

    @Test
    void badDuration() {
        assertThat(error(replica("url: s3://b/p\nretention: 1d")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].retention: invalid duration '1d': unknown unit 'd'; "
                        + "use ns, us, ms, s, m or h (a day is 24h)");
        assertThat(error(db("monitor-interval: 5\nreplicas: [{url: s3://b/p}]")))
                .isEqualTo("r.yml line 3: dbs[0].monitor-interval: invalid duration '5': 5 has no unit; write 5s, "
                        + "5m or 5h (units: ns, us, ms, s, m or h)");
    }

    @Test
    void zeroIntervalIsRefused() {
        assertThat(error(replica("url: s3://b/p\nsync-interval: 0s")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].sync-interval must be more than 0s; remove it to get "
                        + "the default");
    }

    @Test
    void badUrlScheme() {
        assertThat(error(replica("url: gs://bucket/db")))
                .startsWith("r.yml line 4: dbs[0].replicas[0].url: gs://bucket/db: type 'gcs' is not supported")
                .contains("endpoint: https://storage.googleapis.com");
        assertThat(error(replica("url: relative/dir")))
                .isEqualTo("r.yml line 4: dbs[0].replicas[0].url: 'relative/dir' is not a replica URL; write "
                        + "s3://BUCKET/PATH, sftp://USER@HOST[:PORT]/PATH, abs://[ACCOUNT@]CONTAINER/PATH, "
                        + "file:///DIR or an absolute path");
    }

    @Test
    void duplicateReplicaName() {
        assertThat(error(db("replicas:\n  - url: s3://a/p\n  - url: s3://b/p")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[1]: replica name 's3' is already used by dbs[0].replicas[0]; "
                        + "give each replica its own name: (it defaults to the type)");
        assertThat(error(db("replicas:\n  - {url: s3://a/p, name: x}\n  - {path: /b, name: x}")))
                .startsWith("r.yml line 5: dbs[0].replicas[1]: replica name 'x' is already used by");
    }

    @Test
    void duplicateDatabasePath() {
        assertThat(error("""
                dbs:
                  - path: /data/app.db
                    replicas: [{path: /b1}]
                  - path: /data/../data/app.db
                    replicas: [{path: /b2}]
                """))
                .isEqualTo("r.yml line 4: dbs[1].path: /data/app.db is already configured at dbs[0]; list each "
                        + "database once, with all its replicas");
    }

    @Test
    void sharedReplicaLocation() {
        assertThat(error("""
                dbs:
                  - path: /a.db
                    replicas: [{url: s3://b/x}]
                  - path: /b.db
                    replicas: [{bucket: b, path: /x/, type: s3}]
                """))
                .isEqualTo("r.yml line 5: dbs[1].replicas[0]: s3://b/x is also the location of dbs[0].replicas[0]; "
                        + "replicas sharing a location corrupt each other, give each its own path");
    }

    @Test
    void wrongType() {
        assertThat(error("dbs:\n  - path: [/a, /b]\n    replicas: [{path: /x}]\n"))
                .isEqualTo("r.yml line 2: dbs[0].path must be a string, not a list");
        assertThat(error("dbs:\n  path: /db\n"))
                .isEqualTo("r.yml line 1: dbs must be a list of mappings (lines starting with '- '), not a mapping");
        assertThat(error("dbs:\n  - /db\n"))
                .isEqualTo("r.yml line 2: dbs[0] must be a mapping (key: value lines after '- '), not a string");
        assertThat(error(replica("url: s3://b/p\nforce-path-style: maybe")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].force-path-style must be true or false, not 'maybe'");
        assertThat(error(db("min-checkpoint-page-count: lots\nreplicas: [{path: /x}]")))
                .isEqualTo("r.yml line 3: dbs[0].min-checkpoint-page-count must be a whole number, not a string");
        assertThat(error(replica("url: s3://b/p\nage:\n  recipients: age1abc")))
                .isEqualTo("r.yml line 6: dbs[0].replicas[0].age.recipients must be a list, like [a, b], not a string");
        assertThat(error("logging: debug\n"))
                .isEqualTo("r.yml line 1: logging must be a mapping (indented key: value lines), not a string");
        assertThat(error("- a\n- b\n"))
                .isEqualTo("r.yml line 1: the config must be a mapping of keys (dbs:, addr:, logging: ...), not a list");
    }

    @Test
    void missingS3BucketAndFileDirectory() {
        assertThat(error(replica("type: s3\npath: x")))
                .isEqualTo("r.yml line 4: dbs[0].replicas[0]: an s3 replica needs a bucket; add bucket: NAME (or url: "
                        + "s3://BUCKET/PATH)");
        assertThat(error(replica("type: file\nretention: 1h")))
                .isEqualTo("r.yml line 4: dbs[0].replicas[0]: a file replica needs a directory; add path: "
                        + "/backups/app (or url: file:///backups/app)");
    }

    @Test
    void s3KeysOnAFileReplica() {
        assertThat(error(replica("path: /b\nbucket: x")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].bucket applies to s3 and abs replicas only; remove it or set "
                        + "type: s3");
    }

    @Test
    void unsupportedType() {
        assertThat(error(replica("type: gcs\nbucket: x")))
                .startsWith("r.yml line 4: dbs[0].replicas[0].type").contains("https://storage.googleapis.com", "type: s3");
    }

    @Test
    void typeContradictingUrl() {
        assertThat(error(replica("type: file\nurl: s3://b/p")))
                .isEqualTo("r.yml line 4: dbs[0].replicas[0].type is file but the url is a s3 location; remove type "
                        + "(the url decides)");
    }

    @Test
    void urlTogetherWithPathOrBucket() {
        assertThat(error(replica("url: s3://b/p\npath: q")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].path and dbs[0].replicas[0].url both give the location; "
                        + "keep one (the path can go in the url)");
        assertThat(error(replica("url: s3://b/p\nbucket: c")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].bucket and dbs[0].replicas[0].url both name the bucket; "
                        + "keep one");
    }

    @Test
    void urlInPath() {
        assertThat(error(replica("type: s3\npath: s3://b/p")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].path holds a URL; write url: s3://b/p instead");
    }

    @Test
    void halfACredentialPair() {
        assertThat(error(replica("url: s3://b/p\naccess-key-id: AKIA")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].access-key-id is set but "
                        + "dbs[0].replicas[0].secret-access-key is not; set both, or neither to use the AWS default "
                        + "credential chain");
        assertThat(error("secret-access-key: s3cr3t\n"))
                .isEqualTo("r.yml line 1: secret-access-key is set but access-key-id is not; set both, or neither "
                        + "to use the AWS default credential chain");
    }

    @Test
    void checkpointPageCounts() {
        assertThat(error(db("min-checkpoint-page-count: 0\nreplicas: [{path: /x}]")))
                .isEqualTo("r.yml line 3: dbs[0].min-checkpoint-page-count must be at least 1, not 0");
        assertThat(error(db("min-checkpoint-page-count: 2000\nmax-checkpoint-page-count: 1000\nreplicas: [{path: /x}]")))
                .isEqualTo("r.yml line 4: dbs[0].max-checkpoint-page-count (1000) must be at least "
                        + "min-checkpoint-page-count (2000)");
    }

    @Test
    void badReplicaName() {
        assertThat(error(replica("url: s3://b/p\nname: backups/s3")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].name 'backups/s3' must be printable text without '/' or "
                        + "'\\'");
        assertThat(error(replica("url: s3://b/p\nname: \"a\\tb\"")))
                .isEqualTo("r.yml line 5: dbs[0].replicas[0].name 'a?b' must be printable text without '/' or '\\'");
    }

    @Test
    void badAgeKeys() {
        assertThat(error(replica("url: s3://b/p\nage:\n  identities: [age1abc]")))
                .isEqualTo("r.yml line 6: dbs[0].replicas[0].age.identities[0] is not an age identity "
                        + "(AGE-SECRET-KEY-1...); public keys (age1...) go under recipients");
        String leaked = error(replica("url: s3://b/p\nage:\n  recipients: [AGE-SECRET-KEY-1SECRET]"));
        assertThat(leaked).contains("age.recipients[0] is not an age recipient").doesNotContain("1SECRET");
        assertThat(error(replica("url: s3://b/p\nage:\n  keys: [x]")))
                .isEqualTo("r.yml line 6: unknown key dbs[0].replicas[0].age.keys: remove it; known keys here are "
                        + "recipients, identities, identity-file");
    }

    @Test
    void topLevelValues() {
        assertThat(error("addr: localhost\n"))
                .isEqualTo("r.yml line 1: addr 'localhost' must be HOST:PORT or :PORT, like ':9090' or "
                        + "'127.0.0.1:9090'");
        assertThat(error("heartbeat-url: ftp://x\n"))
                .isEqualTo("r.yml line 1: heartbeat-url must be an http:// or https:// URL, like "
                        + "https://hc-ping.com/YOUR-UUID");
        assertThat(error("heartbeat-interval: 1m\n"))
                .isEqualTo("r.yml line 1: heartbeat-interval does nothing without heartbeat-url; add heartbeat-url "
                        + "or remove heartbeat-interval");
        assertThat(error("logging:\n  level: loud\n"))
                .isEqualTo("r.yml line 2: logging.level 'loud' is not one of debug, info, warn, error");
        assertThat(error("logging:\n  format: xml\n"))
                .isEqualTo("r.yml line 2: logging.format 'xml' is not one of text, json");
        assertThat(error("logging:\n  format: json\n  type: json\n"))
                .isEqualTo("r.yml line 3: logging.type is Litestream's name for logging.format; keep one");
    }

    @Test
    void healthWindowAndRestoreIfDbMissing() {
        assertThat(error("health-window: 0s\n"))
                .isEqualTo("r.yml line 1: health-window must be more than 0s; remove it to get the default");
        assertThat(error("health-window: 60\n")).startsWith("r.yml line 1: health-window: ");
        assertThat(error("dbs:\n  - path: /a\n    restore-if-db-missing: maybe\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 3: dbs[0].restore-if-db-missing must be true or false, not 'maybe'");
    }

    @Test
    void yamlProblems() {
        assertThat(error("dbs:\n  - path: /a\n    path: /b\n"))
                .isEqualTo("r.yml line 3: key dbs[0].path appears twice (lines 2 and 3); keep one");
        // a: only defines a shared value, as Litestream's files do; b: uses it and is still checked
        assertThat(error("a: &x 1\nb: *x\n")).isEqualTo("r.yml line 2: unknown key b: did you mean 'dbs'?");
        assertThat(error("dbs:\n  - path: /a\n    replicas: [{url: *nowhere}]\n")).startsWith("r.yml line 3");
        assertThat(error("dbs: []\n---\ndbs: []\n"))
                .isEqualTo("r.yml line 3: a second YAML document starts here; keep the whole config in one document");
        assertThat(error("dbs:\n  - path: /a\n   replicas: x\n"))
                .startsWith("r.yml line 3, column ").contains("YAML syntax error: ");
        assertThat(error("dbs:\n\t- path: /a\n")).contains("YAML syntax error: ");
    }

    @Test
    void missingEnvironmentVariable() {
        assertThat(error("dbs:\n  - path: /db\n    replicas:\n      - url: s3://${DB_BUCKET}/db\n"))
                .isEqualTo("r.yml line 4: environment variable DB_BUCKET is not set; set it or write "
                        + "${DB_BUCKET:-default}");
    }

    @Test
    void exceptionIsUnchecked() {
        assertThatThrownBy(() -> ConfigLoader.parse("bogus: 1", "r.yml", Map.of()))
                .isInstanceOf(RuntimeException.class);
    }
}
