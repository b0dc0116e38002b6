package dev.replicator.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "1s, PT1S",
            "500ms, PT0.5S",
            "10m, PT10M",
            "24h, PT24H",
            "1h30m, PT1H30M",
            "2h45m10s, PT2H45M10S",
            "0s, PT0S",
            "0, PT0S",
            "1.5h, PT1H30M",
            ".5s, PT0.5S",
            "250us, PT0.00025S",
            "250µs, PT0.00025S",
            "7ns, PT0.000000007S",
            "+3s, PT3S",
            "' 3s ', PT3S",
    })
    void parsesGoDurations(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @Test
    void bareNumberIsRefusedWithTheFix() {
        assertThatThrownBy(() -> Durations.parse("60"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid duration '60': 60 has no unit; write 60s, 60m or 60h (units: ns, us, ms, s, m or h)");
    }

    @Test
    void unknownUnitNamesTheUnitsThatExist() {
        assertThatThrownBy(() -> Durations.parse("1d"))
                .hasMessage("invalid duration '1d': unknown unit 'd'; use ns, us, ms, s, m or h (a day is 24h)");
    }

    @Test
    void missingUnitInTheMiddleIsCaught() {
        assertThatThrownBy(() -> Durations.parse("1h30"))
                .hasMessageContaining("30 has no unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "s", "h1", "1..5s", "1s-", "abc"})
    void garbageIsRefused(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("\n").contains("duration");
    }

    @Test
    void negativeIsRefused() {
        assertThatThrownBy(() -> Durations.parse("-1s")).hasMessageContaining("negative duration '-1s'");
    }

    @Test
    void tooLargeIsRefused() {
        assertThatThrownBy(() -> Durations.parse("9999999999h")).hasMessageContaining("too large");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "1s", "500ms", "1h30m", "24h", "1s500ms", "2h45m10s", "1ms250us7ns"})
    void formatReadsBack(String text) {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
    }
}
