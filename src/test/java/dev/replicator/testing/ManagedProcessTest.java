package dev.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagedProcessTest {

    @Test
    void runCapturesBothStreamsAndTheEnvironment() {
        ProcessResult result = ManagedProcess.run("sh", Duration.ofSeconds(10),
                List.of("sh", "-c", "echo out $GREETING; echo err >&2; exit 3"), Map.of("GREETING", "hi"));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out hi\n");
        assertThat(result.stderr()).isEqualTo("err\n");
    }

    @Test
    void stopSendsSigterm() {
        try (ManagedProcess p = ManagedProcess.start("sh",
                List.of("sh", "-c", "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.05; done"),
                Map.of())) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> p.stdout().contains("ready"));
            assertThat(p.stop(Duration.ofSeconds(10))).isEqualTo(7);
            assertThat(p.stdout()).contains("got TERM");
        }
    }

    @Test
    void timeoutKillsAndFails() {
        assertThatThrownBy(() -> ManagedProcess.run("sleep", Duration.ofMillis(200), List.of("sleep", "30"), Map.of()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("did not exit");
    }
}
