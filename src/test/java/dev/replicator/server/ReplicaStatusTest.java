package dev.replicator.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one-line form a running replicate answers `status` with survives names and paths with blanks. */
class ReplicaStatusTest {

    @Test
    void namesAndPathsWithBlanksRoundTrip() {
        ReplicaStatus status = ReplicaStatus.unreadable("/srv/my app/app.db", "S3 Backup", "s3://b/100%/x",
                "cannot list: access denied");
        String line = status.toLine();
        assertThat(line).contains("replica=S3%20Backup").contains("db=/srv/my%20app/app.db");
        ReplicaStatus parsed = ReplicaStatus.parse(line).orElseThrow();
        assertThat(parsed.get("replica")).isEqualTo("S3 Backup");
        assertThat(parsed.get("db")).isEqualTo("/srv/my app/app.db");
        assertThat(parsed.get("location")).isEqualTo("s3://b/100%/x");
        assertThat(parsed.get("last_error")).isEqualTo("cannot list: access denied");
    }
}
