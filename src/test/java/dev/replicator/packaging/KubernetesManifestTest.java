package dev.replicator.packaging;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes example parses and agrees with the image it runs (Dockerfile: user, config path, health port) and
 * with replicate (its config loads; the grace period outlasts the final sync): restore-if-missing init container,
 * replicator as a native sidecar with probes on /healthz, the app as the same user on the same volume.
 */
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("packaging/kubernetes/replicator.yaml");
    private static final Path DOCKERFILE = Path.of("packaging/docker/Dockerfile");
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void theStatefulSetRestoresThenRunsReplicatorAsANativeSidecarBesideTheApp() throws IOException {
        Map<String, Map<String, Object>> byKind = documents();
        assertThat(byKind).containsOnlyKeys("ConfigMap", "Secret", "StatefulSet");
        Map<String, Object> pod = map(map(map(byKind.get("StatefulSet"), "spec"), "template"), "spec");
        List<Map<String, Object>> init = list(pod, "initContainers");
        List<Map<String, Object>> apps = list(pod, "containers");
        assertThat(init).extracting(c -> c.get("name")).containsExactly("restore", "replicator");
        Map<String, Object> restore = init.get(0);
        Map<String, Object> sidecar = init.get(1);
        assertThat(restore.get("restartPolicy")).as("restore runs once").isNull();
        assertThat(strings(restore, "args")).startsWith("restore").contains("-if-db-not-exists",
                "-if-replica-exists", "/data/app.db");
        assertThat(sidecar.get("restartPolicy")).as("a native sidecar").isEqualTo("Always");
        assertThat(strings(sidecar, "args")).startsWith("replicate").contains("-restore-if-db-missing");

        int port = healthPort();
        assertThat(list(sidecar, "ports")).extracting(p -> p.get("containerPort")).containsExactly(port);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(sidecar, probe), "httpGet");
            assertThat(get.get("path")).as(probe).isEqualTo("/healthz");
            assertThat(get.get("port")).as(probe).isEqualTo(port);
        }

        Map<String, Object> security = map(pod, "securityContext");
        assertThat(security.get("runAsUser")).as("the image's user, shared by app and sidecar").isEqualTo(imageUid());
        for (Map<String, Object> c : List.of(restore, sidecar, apps.get(0))) {
            assertThat(c.get("securityContext")).as("%s runs as the pod's user", c.get("name")).isNull();
            assertThat(list(c, "volumeMounts")).as("%s", c.get("name"))
                    .anyMatch(m -> m.get("name").equals("data") && m.get("mountPath").equals("/data"));
        }
        String configPath = imageConfigPath();
        for (Map<String, Object> c : List.of(restore, sidecar)) {
            assertThat(list(c, "volumeMounts")).anyMatch(m -> m.get("mountPath").equals(configPath)
                    && m.get("subPath").equals("replicator.yml"));
            assertThat(list(c, "envFrom")).extracting(e -> map(e, "secretRef").get("name"))
                    .containsExactly("replicator-s3");
        }
        assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
                .isGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(list(map(byKind.get("StatefulSet"), "spec"), "volumeClaimTemplates"))
                .extracting(v -> map(v, "metadata").get("name")).containsExactly("data");
    }

    @Test
    void theConfigMapIsAConfigReplicateLoadsWithTheSecretsKeys() throws IOException {
        Map<String, Map<String, Object>> byKind = documents();
        String yml = (String) map(byKind.get("ConfigMap"), "data").get("replicator.yml");
        Map<String, String> env = new java.util.HashMap<>();
        map(byKind.get("Secret"), "stringData").forEach((k, v) -> env.put(k, v.toString()));
        Config config = ConfigLoader.parse(yml, "ConfigMap replicator-config", env);
        assertThat(config.dbs()).extracting(db -> db.path().toString()).containsExactly("/data/app.db");
        int port = healthPort();
        assertThat(config.addr()).hasValueSatisfying(a -> assertThat(a.port()).isEqualTo(port));
    }

    private static Map<String, Map<String, Object>> documents() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Map<String, Object>> byKind = new java.util.LinkedHashMap<>();
        for (Object doc : new Yaml(options).loadAll(Files.readString(MANIFEST))) {
            Map<String, Object> d = cast(doc);
            assertThat(byKind.put((String) d.get("kind"), d)).as("one %s", d.get("kind")).isNull();
        }
        return byKind;
    }

    /** The port of the Dockerfile's HEALTHCHECK (http://127.0.0.1:PORT/healthz). */
    private static int healthPort() throws IOException {
        String check = PackagingFilesTest.instructions(Files.readString(DOCKERFILE)).stream()
                .filter(l -> l.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:(\\d+)/healthz").matcher(check);
        assertThat(m.find()).as(check).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static int imageUid() throws IOException {
        String useradd = PackagingFilesTest.instructions(Files.readString(DOCKERFILE)).stream()
                .filter(l -> l.contains("useradd")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("--uid (\\d+)").matcher(useradd);
        assertThat(m.find()).as(useradd).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String imageConfigPath() throws IOException {
        String env = PackagingFilesTest.instructions(Files.readString(DOCKERFILE)).stream()
                .filter(l -> l.startsWith("ENV ") && l.contains("REPLICATOR_CONFIG=")).findFirst().orElseThrow();
        return env.replaceAll(".*REPLICATOR_CONFIG=(\\S+).*", "$1");
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m.get(key)).as(key).isInstanceOf(Map.class);
        return cast(m.get(key));
    }

    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        assertThat(m.get(key)).as(key).isInstanceOf(List.class);
        return cast(m.get(key));
    }

    private static List<String> strings(Map<String, Object> m, String key) {
        List<String> out = new ArrayList<>();
        List<Object> items = cast(m.get(key));
        items.forEach(i -> out.add(i.toString()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
