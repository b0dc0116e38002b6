package dev.replicator.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reason a new generation starts is a value: what a removed or restarted WAL means in each state. */
class ContinuityTest {

    @Test
    void provenContinuityFollowsTheWalIntoItsNextIndex() {
        assertThat(Continuity.PROVEN.whenWalRemoved()).isEmpty();
        assertThat(Continuity.PROVEN.whenWalRestarted()).isEmpty();
    }

    @Test
    void losingTheReadMarkMakesARestartOrRemovalStartAGeneration() {
        Continuity lost = Continuity.PROVEN.lost();

        assertThat(lost).isEqualTo(Continuity.UNPROVEN);
        assertThat(lost.whenWalRemoved()).contains("WAL removed while the read lock was not held");
        assertThat(lost.whenWalRestarted()).contains("WAL restarted while continuity could not be proven");
        assertThat(lost.lost()).isEqualTo(Continuity.UNPROVEN);
    }

    @Test
    void aBrokenContinuityKeepsItsReason() {
        Continuity broken = new Continuity.Broken("WAL was restarted while replication was stopped");

        assertThat(broken.lost()).isEqualTo(broken);
        assertThat(broken.whenWalRestarted()).contains("WAL was restarted while replication was stopped");
    }
}
