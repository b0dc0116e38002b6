package dev.replicator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicator.testing.ConfigFiles;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import dev.replicator.testing.SshdServer;
import dev.replicator.testing.Trees;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The control API of the built jar's replicate: the token rules (none configured, missing, wrong; from the config,
 * an environment variable or a file; never logged), POST /snapshot and /verify with JSON per replica, an unknown
 * {@code ?db=}, GET /status, and a snapshot held up by a frozen SSH server: /healthz, /metrics and /status still answer
 * at once, {@code ?wait=} gives 504 naming what is pending, and a second POST joins the first.
 */
class ControlApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** How fast /healthz, /metrics and /status must answer while a snapshot hangs. */
    private static final Duration PROMPT = Duration.ofSeconds(2);
    private static final String TOKEN = "s3cret-token-for-the-test";
    private static final Pattern SERVING = Pattern.compile("serving /metrics.* on /?([0-9.]+:\\d+)");
    private static final String REQUESTED = "snapshot requested for every replica";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** A running replicate and the base URL of its HTTP server. */
    private record Served(ManagedProcess process, String base) {
    }

    @Test
    void postsNeedTheTokenAndSnapshotAndVerifyAnswerPerReplica() throws Exception {
        Path db = dir.resolve("my data/app.db");
        SqliteFiles.appendRows(db, "t", 10);
        Path replica = dir.resolve("replica");
        Served s = start(Map.of(), "api-token: " + TOKEN + "\n" + dbWithReplica(db, "      - name: local copy\n"
                + "        path: \"" + replica + "\"\n"));
        try {
            for (String path : new String[] {"/snapshot", "/verify"}) {
                HttpResponse<String> none = post(s.base() + path, null);
                assertThat(none.statusCode()).isEqualTo(401);
                assertThat(none.body()).as("a 401 says nothing else").isEmpty();
                HttpResponse<String> wrong = post(s.base() + path, "wrong");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.body()).isEmpty();
                Path other = dir.resolve("other.db");
                HttpResponse<String> unknown = post(s.base() + path + "?db=" + encoded(other), TOKEN);
                assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
                assertThat(JSON.readTree(unknown.body()).get("error").asText()).contains(other.toString())
                        .contains("not replicated here").contains(db.toString());
                HttpResponse<String> badWait = post(s.base() + path + "?wait=soon", TOKEN);
                assertThat(badWait.statusCode()).as(badWait.body()).isEqualTo(400);
                assertThat(JSON.readTree(badWait.body()).get("error").asText()).startsWith("?wait=soon: ")
                        .contains("10m");
            }
            assertThat(s.process().stderr()).as("refused requests ask replicate for nothing").doesNotContain(REQUESTED);

            HttpResponse<String> snapshot = post(s.base() + "/snapshot", TOKEN);
            assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
            JsonNode stored = onlyReplica(snapshot, db);
            assertThat(stored.get("replica").asText()).isEqualTo("local copy");
            assertThat(stored.get("ok").asBoolean()).as(snapshot.body()).isTrue();
            assertThat(replica.resolve("generations/" + stored.get("generation").asText() + "/snapshots/"
                    + stored.get("index").asText() + ".snapshot.lz4")).as(snapshot.body()).isRegularFile();

            HttpResponse<String> verify = post(s.base() + "/verify?db=" + encoded(db), TOKEN);
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            JsonNode verified = onlyReplica(verify, db);
            assertThat(verified.get("replica").asText()).as(verify.body()).isEqualTo("local copy");
            assertThat(verified.get("ok").asBoolean()).as(verify.body()).isTrue();
            assertThat(verified.get("generation").asText()).as(verify.body())
                    .isEqualTo(stored.get("generation").asText());
            assertThat(verified.get("message").asText()).startsWith("OK ");

            HttpResponse<String> status = get(s.base() + "/status");
            assertThat(status.statusCode()).isEqualTo(200);
            JsonNode rows = JSON.readTree(status.body());
            assertThat(rows).as(status.body()).hasSize(1);
            assertThat(rows.get(0).get("health").asText()).isEqualTo("ok");
            assertThat(s.process().stderr()).as("the token is never logged").doesNotContain(TOKEN);
        } finally {
            stop(s);
        }
    }

    @Test
    void withoutATokenPostsAreRefusedWithHowToEnableThemAndGetsStillAnswer() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 10);
        Path replica = dir.resolve("replica");
        Served s = start(Map.of(), dbWithReplica(db, "      - path: " + replica + "\n"));
        try {
            await().atMost(TIMEOUT).until(() -> !Trees.filesEndingWith(replica, ".snapshot.lz4").isEmpty());
            List<Path> snapshotsBefore = Trees.filesEndingWith(replica, ".snapshot.lz4");
            for (String path : new String[] {"/snapshot", "/verify"}) {
                HttpResponse<String> r = post(s.base() + path, TOKEN);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
                assertThat(JSON.readTree(r.body()).get("error").asText()).contains("api-token")
                        .contains("Authorization: Bearer");
            }
            assertThat(get(s.base() + "/status").statusCode()).isEqualTo(200);
            HttpResponse<String> health = get(s.base() + "/healthz");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(s.process().stderr()).as("nothing was asked of replicate").doesNotContain(REQUESTED)
                    .doesNotContain("verify requested");
            assertThat(Trees.filesEndingWith(replica, ".snapshot.lz4")).isEqualTo(snapshotsBefore);
        } finally {
            stop(s);
        }
    }

    /**
     * The SSH server behind the only replica is frozen (SIGSTOP) after a write, so the requested snapshot hangs on
     * its upload for real. The token comes from an environment variable.
     */
    @Test
    void aSlowSnapshotBlocksNothingElseTimesOutWith504AndIsJoinedByTheNextRequest() throws Exception {
        try (SshdServer sshd = SshdServer.start(dir.resolve("sshd"))) {
            Path db = dir.resolve("app.db");
            SqliteFiles.appendRows(db, "t", 10);
            Path remote = dir.resolve("remote");
            Served s = start(Map.of("REPLICATOR_IT_API_TOKEN", TOKEN), "api-token: ${REPLICATOR_IT_API_TOKEN}\n"
                    + dbWithReplica(db, "      - name: offsite\n"
                    + "        url: sftp://" + sshd.user() + "@127.0.0.1:" + sshd.port() + remote + "\n"
                    + "        key-path: " + sshd.userKey() + "\n"));
            try {
                E2e.awaitLog(s.process(), "replicating db=");
                sshd.pause();
                SqliteFiles.appendRows(db, "t", 10); // so that the snapshot needs an upload

                CompletableFuture<HttpResponse<String>> first = postAsync(s.base() + "/snapshot?wait=3s");
                for (String path : new String[] {"/healthz", "/metrics", "/status"}) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = get(s.base() + path);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("GET %s while a snapshot hangs", path)
                            .isLessThan(PROMPT);
                    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
                }
                HttpResponse<String> timedOut = first.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(timedOut.statusCode()).as(timedOut.body()).isEqualTo(504);
                JsonNode pending = JSON.readTree(timedOut.body());
                assertThat(pending.get("ok").asBoolean()).isFalse();
                assertThat(pending.get("pending")).as(timedOut.body()).hasSize(1);
                assertThat(pending.get("pending").get(0).asText()).isEqualTo(db.toString());

                CompletableFuture<HttpResponse<String>> second = postAsync(s.base() + "/snapshot");
                Thread.sleep(1000);
                assertThat(second.isDone()).as("the second request waits for the first snapshot").isFalse();
                sshd.resume();
                HttpResponse<String> done = second.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
                JsonNode stored = onlyReplica(done, db);
                assertThat(stored.get("replica").asText()).isEqualTo("offsite");
                assertThat(stored.get("ok").asBoolean()).as(done.body()).isTrue();
                assertThat(remote.resolve("generations/" + stored.get("generation").asText() + "/snapshots/"
                        + stored.get("index").asText() + ".snapshot.lz4")).as(done.body()).isRegularFile();
                assertThat(s.process().stderr().split(REQUESTED, -1)).as("one snapshot request for both POSTs: %s",
                        s.process().stderr()).hasSize(2);
                assertThat(s.process().stderr()).as("the token is never logged").doesNotContain(TOKEN);
            } finally {
                sshd.resume();
                stop(s);
            }
        }
    }

    /** The token from api-token-file (its trailing newline is not part of it), with debug logging on. */
    @Test
    void theTokenComesFromAFileAndIsNotLoggedEvenAtDebugLevel() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 10);
        Path tokenFile = ConfigFiles.writeOwnerOnly(dir.resolve("api-token"), TOKEN + "\n");
        Served s = start(Map.of(), "logging:\n  level: debug\napi-token-file: " + tokenFile + "\n"
                + dbWithReplica(db, "      - path: " + dir.resolve("replica") + "\n"));
        try {
            assertThat(post(s.base() + "/snapshot", TOKEN.substring(1)).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = post(s.base() + "/snapshot", TOKEN);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(onlyReplica(ok, db).get("ok").asBoolean()).as(ok.body()).isTrue();
        } finally {
            stop(s);
        }
        assertThat(s.process().stderr()).contains("DEBUG").as("the token is never logged").doesNotContain(TOKEN);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String dbWithReplica(Path db, String replicaYaml) {
        return "dbs:\n  - path: \"" + db + "\"\n    replicas:\n" + replicaYaml;
    }

    /** Starts replicate with {@code yaml} (after an {@code addr} on a free loopback port) and waits until it serves. */
    private Served start(Map<String, String> env, String yaml) throws IOException {
        Path config = ConfigFiles.writeOwnerOnly(dir.resolve("replicator.yml"), "addr: \"127.0.0.1:0\"\n" + yaml);
        ManagedProcess p = ReplicatorProcess.start(env, "replicate", "-config", config.toString());
        await().atMost(TIMEOUT).failFast(() -> !p.isAlive()).until(() -> SERVING.matcher(p.stderr()).find());
        Matcher m = SERVING.matcher(p.stderr());
        assertThat(m.find()).isTrue();
        return new Served(p, "http://" + m.group(1));
    }

    private static void stop(Served s) {
        assertThat(s.process().stop(TIMEOUT)).as(s.process()::describe).isZero();
    }

    /** The one database's one replica in a POST's answer. */
    private static JsonNode onlyReplica(HttpResponse<String> r, Path db) throws IOException {
        JsonNode databases = JSON.readTree(r.body()).get("databases");
        assertThat(databases).as(r.body()).hasSize(1);
        assertThat(databases.get(0).get("db").asText()).isEqualTo(db.toString());
        assertThat(databases.get(0).get("replicas")).as(r.body()).hasSize(1);
        JsonNode replica = databases.get(0).get("replicas").get(0);
        assertThat(replica.get("generation").asText()).as(r.body()).matches("[0-9a-f]{16}");
        assertThat(replica.get("index").asText()).as(r.body()).matches("[0-9a-f]{8}");
        return replica;
    }

    private static String encoded(Path p) {
        return URLEncoder.encode(p.toString(), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        return http.send(postRequest(url, token), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String url) {
        return http.sendAsync(postRequest(url, TOKEN), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest postRequest(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }
}
