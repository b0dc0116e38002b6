package dev.replicator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code restore -index} takes both the index as object names spell it and as Litestream prints and takes it. */
class RestoreIndexTest {

    @Test
    void eightHexDigitsAreAnObjectNameIndex() {
        assertThat(RestoreCommand.parseIndex("0000002a")).isEqualTo(42);
        assertThat(RestoreCommand.parseIndex("00000010")).isEqualTo(16);
        assertThat(RestoreCommand.parseIndex("0000000A")).isEqualTo(10);
    }

    @Test
    void otherwiseItIsDecimalAsLitestreamPrintsIt() {
        assertThat(RestoreCommand.parseIndex("10")).isEqualTo(10);
        assertThat(RestoreCommand.parseIndex("0")).isZero();
        assertThat(RestoreCommand.parseIndex("4294967295")).isEqualTo(4294967295L);
    }

    @Test
    void anythingElseIsABadIndex() {
        for (String bad : new String[] {"2a", "0x2a", "-1", "", "000000002a", "12345678901"}) {
            assertThatThrownBy(() -> RestoreCommand.parseIndex(bad)).as(bad).isInstanceOf(UsageException.class)
                    .hasMessageContaining("8 hex digits");
        }
    }
}
