package dev.replicator.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShutdownSignalsTest {

    @Test
    void signalsBeforeTheChildStartedAreHandedToItThenLaterOnesAsTheyCome() {
        ShutdownSignals signals = new ShutdownSignals();
        signals.onSignal("HUP");
        assertThat(signals.stopRequested()).isFalse();
        signals.onSignal("TERM");
        assertThat(signals.stopRequested()).isTrue();
        List<String> forwarded = new ArrayList<>();

        signals.forwardTo(forwarded::add);
        assertThat(forwarded).containsExactly("HUP", "TERM");
        signals.onSignal("INT");

        assertThat(forwarded).containsExactly("HUP", "TERM", "INT");
        assertThat(signals.received()).isEqualTo("HUP");
    }
}
