package dev.replicator.packaging;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syntax and consistency of the Docker and systemd packaging, without a Docker engine (there is none on CI):
 * the compose file is valid YAML with the services it promises, every Dockerfile line is an instruction, and both
 * point at the replicator they package (health check on /healthz, config path, stop time above the final sync's).
 * {@code .ci/verify-packaging} runs {@code systemd-analyze verify} on the units.
 */
class PackagingFilesTest {

    private static final Path DOCKER = Path.of("packaging/docker");
    private static final Path SYSTEMD = Path.of("packaging/systemd");
    private static final Set<String> INSTRUCTIONS = Set.of("FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD",
            "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void composeExampleIsValidYamlWithRestoreAppAndSidecarSharingOneVolume() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Map<String, Object> compose = new Yaml(options).load(Files.readString(DOCKER.resolve("compose.example.yml")));
        Map<String, Map<String, Object>> services = cast(compose.get("services"));
        assertThat(services).containsOnlyKeys("restore", "app", "replicator");
        Map<String, Object> volumes = cast(compose.get("volumes"));
        assertThat(volumes).containsKey("data");
        Map<String, Object> sidecar = services.get("replicator");
        assertThat(sidecar.get("command")).isEqualTo(List.of("replicate"));
        List<String> sidecarVolumes = cast(sidecar.get("volumes"));
        List<String> appVolumes = cast(services.get("app").get("volumes"));
        List<String> restoreCommand = cast(services.get("restore").get("command"));
        assertThat(sidecarVolumes).contains("data:/data");
        assertThat(appVolumes).contains("data:/data");
        assertThat(restoreCommand).startsWith("restore").contains("-if-db-not-exists", "-if-replica-exists");
        assertThat(sidecar.get("user")).isEqualTo(services.get("app").get("user"));
        assertThat(Duration.parse("PT" + sidecar.get("stop_grace_period").toString().toUpperCase()))
                .isGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT);
        assertThat(Files.readString(DOCKER.resolve("compose.example.yml"))).contains("addr: \":9090\"");
    }

    @Test
    void dockerfileIsMultiStageNonRootAndChecksHealthz() throws IOException {
        List<String> lines = instructions(Files.readString(DOCKER.resolve("Dockerfile")));
        for (String line : lines) {
            assertThat(INSTRUCTIONS).as(line).contains(line.split("\\s+", 2)[0]);
        }
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.get(0)).endsWith(" AS build");
        assertThat(lines).anyMatch(l -> l.startsWith("COPY --from=build "));
        assertThat(lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b))
                .hasValueSatisfying(u -> assertThat(u).isNotIn("USER root", "USER 0"));
        assertThat(lines).anyMatch(l -> l.startsWith("HEALTHCHECK ") && l.contains("/healthz"));
        assertThat(lines).contains("ENTRYPOINT [\"replicator\"]", "CMD [\"replicate\"]", "STOPSIGNAL SIGTERM");
        assertThat(lines).anyMatch(l -> l.startsWith("ENV ") && l.contains("REPLICATOR_CONFIG=/etc/replicator.yml"));
    }

    @Test
    void systemdUnitsRunReplicateAndLeaveTimeForTheFinalSync() throws IOException {
        Map<String, String> plain = serviceSection(SYSTEMD.resolve("replicator.service"));
        assertThat(plain.get("ExecStart")).isEqualTo("/usr/local/bin/replicator replicate -config /etc/replicator.yml");
        Map<String, String> exec = serviceSection(SYSTEMD.resolve("replicator-exec.service.example"));
        assertThat(exec.get("ExecStart")).startsWith("/usr/local/bin/replicator replicate -config /etc/replicator.yml"
                + " -exec ");
        assertThat(exec.get("KillMode")).as("only replicator gets the signal; it forwards it").isEqualTo("mixed");
        for (Map<String, String> unit : List.of(plain, exec)) {
            assertThat(unit.get("KillSignal")).isEqualTo("SIGTERM");
            assertThat(unit.get("NoNewPrivileges")).isEqualTo("yes");
            assertThat(unit.get("ProtectSystem")).isEqualTo("strict");
            assertThat(unit.get("Restart")).isEqualTo("on-failure");
            assertThat(Duration.ofSeconds(Long.parseLong(unit.get("TimeoutStopSec"))))
                    .isGreaterThan(DEFAULT_SHUTDOWN_TIMEOUT);
        }
    }

    /** Dockerfile instructions with continuation lines joined and comments and parser directives dropped. */
    static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfile.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty() && current.isEmpty()) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            current.append(current.isEmpty() ? "" : " ").append(continued ? line.substring(0, line.length() - 1).strip()
                    : line);
            if (!continued) {
                out.add(current.toString());
                current.setLength(0);
            }
        }
        assertThat(current.toString()).as("a continuation at the end of the Dockerfile").isEmpty();
        return out;
    }

    private static Map<String, String> serviceSection(Path unit) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        String section = "";
        for (String line : Files.readAllLines(unit)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                section = l;
            } else if (section.equals("[Service]") && l.contains("=") && !l.startsWith("#")) {
                values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }
}
