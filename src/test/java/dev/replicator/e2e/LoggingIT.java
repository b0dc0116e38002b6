package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.S3ProxyServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logging: {format: json}} gives one JSON object per line that names the database and replica; the S3 secret
 * never appears in any output, not with {@code -v} and not in stack traces of a failing start.
 */
class LoggingIT {

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PER_DB_LOGGERS = Set.of("dev.replicator.db.Database",
            "dev.replicator.replica.Replica", "dev.replicator.replicate.Replication");

    @TempDir
    Path dir;

    @Test
    void jsonLinesNameTheDatabaseAndReplicaAndNeverTheSecret() throws Exception {
        Path db = dir.resolve("app.db");
        Supervised.createDatabase(db);
        Path config = config(S3.createBucket(), db, "json");

        ProcessResult r = Supervised.replicator("replicate", "-v", "-config", config.toString(), "-exec",
                Supervised.childCommand(db, dir.resolve("child"), "--rows", "20"));

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdout() + r.stderr()).doesNotContain(S3.secretKey());
        List<JsonNode> lines = jsonLines(r.stderr());
        assertThat(lines).isNotEmpty();
        for (JsonNode line : lines) {
            String message = line.path("formattedMessage").asText();
            if (PER_DB_LOGGERS.contains(line.path("loggerName").asText())) {
                assertThat(message).as("names the database").contains("db=" + db);
            }
            if (line.path("loggerName").asText().equals("dev.replicator.replica.Replica")) {
                assertThat(message).as("names the replica").contains("replica=s3");
            }
        }
        assertThat(lines).as("an upload task's lines carry db and replica as fields").anySatisfy(line -> {
            assertThat(line.path("mdc").path("db").asText()).isEqualTo(db.toString());
            assertThat(line.path("mdc").path("replica").asText()).isEqualTo("s3");
        });
        assertThat(lines).extracting(l -> l.path("level").asText()).contains("DEBUG", "INFO");
    }

    @Test
    void aFailingStartWithStackTracesNeverShowsTheSecret() throws Exception {
        Path db = dir.resolve("app.db");
        Supervised.createDatabase(db);
        for (String format : new String[] {"text", "json"}) {
            Path config = config("no-such-bucket", db, format);

            ProcessResult r = Supervised.replicator("replicate", "-v", "-config", config.toString());

            assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
            assertThat(r.stderr()).as("a stack trace").contains("no-such-bucket")
                    .contains(format.equals("json") ? "\"stepArray\":" : "\tat dev.replicator.");
            assertThat(r.stdout() + r.stderr()).doesNotContain(S3.secretKey());
            if (format.equals("json")) {
                assertThat(jsonLines(r.stderr())).last()
                        .satisfies(l -> assertThat(l.path("level").asText()).isEqualTo("ERROR"));
            }
        }
    }

    /** Parses every line of {@code stderr} as a JSON object; fails on any line that is not one. */
    private static List<JsonNode> jsonLines(String stderr) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            assertThat(line).as("a JSON log line").startsWith("{");
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            out.add(node);
        }
        return out;
    }

    private Path config(String bucket, Path db, String format) throws Exception {
        String yaml = "logging:\n  format: " + format + "\n"
                + "dbs:\n"
                + "  - path: \"" + db + "\"\n"
                + "    replicas:\n"
                + "      - name: s3\n"
                + "        type: s3\n"
                + "        bucket: " + bucket + "\n"
                + "        path: app\n"
                + "        endpoint: " + S3.endpoint() + "\n"
                + "        region: " + S3.region() + "\n"
                + "        access-key-id: " + S3.accessKey() + "\n"
                + "        secret-access-key: " + S3.secretKey() + "\n";
        return Files.writeString(dir.resolve(format + ".yml"), yaml);
    }
}
