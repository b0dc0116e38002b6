package dev.replicator.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped example must parse, and must document every key there is. */
class ExampleConfigTest {

    private static final Path EXAMPLE = Path.of("replicator.yml.example");
    private static final Map<String, String> ENV = Map.of(
            "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "example-secret",
            "REPLICA_BUCKET", "example-bucket");

    @Test
    void parsesWithTheVariablesItReferences() {
        Config config = ConfigLoader.load(EXAMPLE, ENV);
        assertThat(config.dbs()).hasSize(1);
        DbConfig db = config.dbs().get(0);
        assertThat(db.path()).isEqualTo(Path.of("/var/lib/app/app.db"));
        assertThat(db.replicas()).extracting(ReplicaConfig::name).containsExactly("s3", "local");
        ReplicaConfig s3 = db.replicas().get(0);
        assertThat(s3.s3()).contains(new S3Settings("example-bucket", "app", Optional.empty(),
                Optional.of("us-east-1"), false, false, Optional.of("AKIAEXAMPLE"), Optional.of("example-secret")));
        assertThat(s3.snapshotInterval()).contains(Duration.ofHours(24));
        assertThat(s3.retention()).isEqualTo(Duration.ofHours(72));
        ReplicaConfig file = db.replicas().get(1);
        assertThat(file.path()).contains(Path.of("/var/backups/app"));
    }

    @Test
    void needsItsVariables() {
        assertThatThrownBy(() -> ConfigLoader.load(EXAMPLE, Map.of()))
                .hasMessageContaining("environment variable ")
                .hasMessageContaining(" is not set");
    }

    @Test
    void documentsEveryKey() throws Exception {
        String text = Files.readString(EXAMPLE);
        Set<String> mentioned = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^[#\\s-]*([a-z][a-z-]*):").matcher(text);
        while (m.find()) {
            mentioned.add(m.group(1));
        }
        Set<String> all = new TreeSet<>(Set.of("level", "format"));
        for (Class<?> keys : List.of(ConfigFile.class, ConfigFile.Db.class, ConfigFile.Replica.class,
                ConfigFile.Age.class)) {
            for (RecordComponent key : keys.getRecordComponents()) {
                all.add(new PropertyNamingStrategies.KebabCaseStrategy().translate(key.getName()));
            }
        }
        assertThat(mentioned).containsAll(all);
    }
}
