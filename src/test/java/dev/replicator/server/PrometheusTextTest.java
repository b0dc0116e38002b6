package dev.replicator.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusTextTest {

    @Test
    void writesHelpTypeAndLabelledSamples() {
        PrometheusText t = new PrometheusText();
        t.family("x_total", PrometheusText.Type.COUNTER, "Things.").family("y", PrometheusText.Type.GAUGE, "Level.");
        t.sample("x_total", 3, "db", "/a.db", "replica", "s3");
        t.sample("y", 1.5);
        t.sample("x_total", 0, "db", "/b.db", "replica", "file");
        assertThat(t.render()).isEqualTo("""
                # HELP x_total Things.
                # TYPE x_total counter
                x_total{db="/a.db",replica="s3"} 3
                x_total{db="/b.db",replica="file"} 0
                # HELP y Level.
                # TYPE y gauge
                y 1.5
                """);
    }

    @Test
    void escapesLabelValues() {
        assertThat(PrometheusText.escape("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
    }

    @Test
    void formatsNumbers() {
        assertThat(PrometheusText.format(1.795446304503E9)).isEqualTo("1.795446304503E9");
        assertThat(PrometheusText.format(42)).isEqualTo("42");
        assertThat(PrometheusText.format(Double.NaN)).isEqualTo("NaN");
        assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void refusesUndeclaredFamilies() {
        assertThatThrownBy(() -> new PrometheusText().sample("nope", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
