package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.ProcessResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replicate -restore-if-db-missing} run on every start: the first start (no database, no backup) creates the
 * database, a start after the database was lost restores every row before the child runs, and a start with the
 * database in place leaves it alone.
 */
class RestoreIfDbMissingIT {

    @TempDir
    Path dir;

    @Test
    void everyStartIsSafeFirstBootLostDatabaseAndDatabaseInPlace() throws Exception {
        Path db = dir.resolve("data/app.db");
        Path replica = dir.resolve("replica");
        String url = replica.toUri().toString();

        ProcessResult first = Supervised.replicator("replicate", "-restore-if-db-missing", "-exec",
                Supervised.childCommand(db, dir.resolve("child1"), "--rows", "30"), db.toString(), url);
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stderr()).contains("no replica has a backup of it yet").doesNotContain("restored the missing");
        assertThat(Supervised.lines(dir.resolve("child1/started"))).containsExactly("-1");

        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        Path config = Supervised.fileConfig(dir.resolve("r.yml"), db, replica, "", "restore-if-db-missing: true\n");
        ProcessResult second = Supervised.replicator("replicate", "-config", config.toString(), "-exec",
                Supervised.childCommand(db, dir.resolve("child2"), "--rows", "10"));
        assertThat(second.exitCode()).as(second.describe()).isZero();
        assertThat(second.stderr()).contains("replica=file restored the missing database");
        assertThat(second.stderr().indexOf("restored the missing database"))
                .isLessThan(second.stderr().indexOf("started child pid="));
        assertThat(Supervised.lines(dir.resolve("child2/started"))).as("rows when the child started")
                .containsExactly("30");

        ProcessResult third = Supervised.replicator("replicate", "-config", config.toString(), "-exec",
                Supervised.childCommand(db, dir.resolve("child3"), "--rows", "10"));
        assertThat(third.exitCode()).as(third.describe()).isZero();
        assertThat(third.stderr()).doesNotContain("restored the missing", "created an empty");
        assertThat(Supervised.lines(dir.resolve("child3/started"))).containsExactly("40");

        List<Long> all = LongStream.rangeClosed(1, 50).boxed().toList();
        assertThat(Supervised.ids(db)).containsExactlyElementsOf(all);
        assertThat(Supervised.restoredIds(url, dir.resolve("restored.db"), Map.of())).containsExactlyElementsOf(all);
    }

    @Test
    void aLeftoverWalOfTheLostDatabaseStopsTheRestoreWithTheFix() throws Exception {
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        Files.writeString(Path.of(db + "-wal"), "stale");

        ProcessResult r = Supervised.replicator("replicate", "-restore-if-db-missing", "-exec",
                Supervised.childCommand(db, dir.resolve("child"), "--rows", "1"), db.toString(),
                replica.toUri().toString());

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(1);
        assertThat(r.stderr()).contains(db + "-wal does", "move " + db + "-wal");
        assertThat(db).doesNotExist();
        assertThat(dir.resolve("child/started")).doesNotExist();
    }
}
