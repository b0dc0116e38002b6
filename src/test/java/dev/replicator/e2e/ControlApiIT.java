package dev.replicator.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control API of the built jar's replicate: token rules, POST /snapshot, GET /status, an unknown ?db=. */
class ControlApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOKEN = "s3cret-token-for-the-test";
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void postsNeedTheTokenAndSnapshotAnswersWithTheGeneration() throws Exception {
        Path db = dir.resolve("app.db");
        SqliteFiles.appendRows(db, "t", 10);
        Path config = Files.writeString(dir.resolve("replicator.yml"), "addr: \"127.0.0.1:0\"\napi-token: " + TOKEN
                + "\ndbs:\n  - path: " + db + "\n    replicas:\n      - path: " + dir.resolve("replica") + "\n");
        ManagedProcess replicate = ReplicatorProcess.start("replicate", "-config", config.toString());
        try {
            Pattern serving = Pattern.compile("serving /metrics.* on /?([0-9.]+:\\d+)");
            await().atMost(TIMEOUT).failFast(() -> !replicate.isAlive())
                    .until(() -> serving.matcher(replicate.stderr()).find());
            Matcher m = serving.matcher(replicate.stderr());
            assertThat(m.find()).isTrue();
            String base = "http://" + m.group(1);
            HttpResponse<String> none = post(base + "/snapshot", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).isEmpty();
            assertThat(post(base + "/snapshot", "wrong").statusCode()).isEqualTo(401);
            assertThat(post(base + "/snapshot?db=" + dir.resolve("other.db"), TOKEN).statusCode()).isEqualTo(404);
            HttpResponse<String> ok = post(base + "/snapshot", TOKEN);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            JsonNode replica = new ObjectMapper().readTree(ok.body()).get("databases").get(0).get("replicas").get(0);
            assertThat(replica.get("ok").asBoolean()).isTrue();
            assertThat(replica.get("generation").asText()).matches("[0-9a-f]{16}");
            assertThat(replica.get("index").asText()).matches("[0-9a-f]{8}");
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(status.body()).get(0).get("health").asText()).isEqualTo("ok");
            assertThat(replicate.stderr()).as("the token is never logged").doesNotContain(TOKEN);
        } finally {
            assertThat(replicate.stop(TIMEOUT)).as(replicate::describe).isZero();
        }
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
