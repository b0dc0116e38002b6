package dev.replicator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppWriterTest {

    @TempDir
    Path dir;

    @Test
    void separateProcessCommitsDeterministicRowsAndLogsEachTransaction() throws Exception {
        Path db = dir.resolve("app.db");
        Path log = dir.resolve("committed.log");
        try (ManagedProcess app = AppWriter.launch(db, 200, "--rate", "400", "--big-every", "100",
                "--checkpoint-truncate-at", "150", "--log", log.toString())) {
            assertThat(app.waitFor(Duration.ofSeconds(120))).as(app.describe()).isZero();
            assertThat(app.stderr()).contains("wal_checkpoint(TRUNCATE) after tx 150: busy=0");
        }
        List<Integer> committed = AppWriter.committed(log);
        assertThat(committed).isEqualTo(IntStream.rangeClosed(1, 200).boxed().toList());
        assertThat(SqliteFiles.integrityCheck(db)).isEqualTo("ok");
        assertThat(SqliteFiles.tableDump(db, "t", "id"))
                .isEqualTo(AppWriter.expectedDump(AppWriter.DEFAULT_SEED, 100, committed));
    }

    @Test
    void resumeContinuesAfterTheLastTransactionInTheDatabaseWithSmallerBigTransactions() throws Exception {
        Path db = dir.resolve("app.db");
        Path log = dir.resolve("committed.log");
        for (int upTo : new int[] {30, 30, 70}) {
            try (ManagedProcess app = AppWriter.launch(db, upTo, "--log", log.toString(), "--resume",
                    "--big-every", "7", "--big-rows", "3", "--cache-kib", "64")) {
                assertThat(app.waitFor(Duration.ofSeconds(120))).as(app.describe()).isZero();
            }
        }
        List<Integer> committed = AppWriter.committed(log);
        assertThat(committed).isEqualTo(IntStream.rangeClosed(1, 70).boxed().toList());
        assertThat(SqliteFiles.tableDump(db, "t", "id"))
                .isEqualTo(AppWriter.expectedDump(AppWriter.DEFAULT_SEED, 7, 3, committed));
    }

    @Test
    void rowsHaveTheAdvertisedMixOfSizes() {
        List<AppWriter.Row> all = IntStream.rangeClosed(1, 200)
                .boxed().flatMap(tx -> AppWriter.rows(AppWriter.DEFAULT_SEED, 100, tx).stream()).toList();
        assertThat(all).anyMatch(r -> r.payload().length <= 120)
                .anyMatch(r -> r.payload().length > 7000 && r.payload().length < 10_000)
                .anyMatch(r -> r.payload().length > 64 * 1024 + 100);
        long bigTxBytes = AppWriter.rows(AppWriter.DEFAULT_SEED, 100, 100).stream()
                .mapToLong(r -> r.payload().length).sum();
        assertThat(bigTxBytes).isGreaterThan(1000L * 4096);
        assertThat(AppWriter.rows(7, 0, 5)).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(AppWriter.rows(7, 0, 5));
    }

    @Test
    void rejectsUnknownFlags() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AppWriter.parse(new String[] {"--db", "x", "--nope", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--nope");
    }
}
