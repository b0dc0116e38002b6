package dev.replicator.check;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgeKeyCheckTest {

    private static final List<String> TWO = List.of("age1old", "age1new");

    @Test
    void oneReadableRecipientIsEnoughBecauseEveryObjectIsEncryptedToAll() {
        AgeKeyCheck check = AgeKeyCheck.of(TWO, 1, List.of("age1new"));
        assertThat(check.ok()).isTrue();
        assertThat(check.message()).contains("decrypt 1 of 2 recipient(s)");
    }

    @Test
    void identitiesThatDecryptNoRecipientFailAndNameTheRecipients() {
        AgeKeyCheck check = AgeKeyCheck.of(TWO, 2, TWO);
        assertThat(check.ok()).isFalse();
        assertThat(check.message()).contains("none of the 2 identity(ies)", "[age1old, age1new]",
                "add the identity of one of these recipients");
    }

    @Test
    void noIdentityIsAWriteOnlyHostNotAFailure() {
        AgeKeyCheck check = AgeKeyCheck.of(TWO, 0, TWO);
        assertThat(check.ok()).isTrue();
        assertThat(check.message()).contains("holds no identity here", "a restore needs");
    }

    @Test
    void aFailedKeyCheckFailsAnAccessibleReplicaAndKeepsBothReasons() {
        CheckResult access = new CheckResult("/data/app.db", "s3", "s3://b/app", true, "list, put, get and delete work");
        CheckResult combined = access.and(AgeKeyCheck.of(List.of("age1x"), 1, List.of("age1x")));
        assertThat(combined.ok()).isFalse();
        assertThat(combined.line()).startsWith("FAILED db=/data/app.db replica=s3 (s3://b/app): list, put, get and "
                + "delete work, but age: none of the 1 identity(ies)");
    }
}
