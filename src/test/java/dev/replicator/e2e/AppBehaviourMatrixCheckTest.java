package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Each assertion of {@link AppBehaviourMatrixIT} fails on the cells that break it, and only on those. */
class AppBehaviourMatrixCheckTest {

    private static final String LOCKED = "database is locked (5)";
    private static final AppBehaviour PLAIN = new AppBehaviour("plain", new AppScript(), null, null);
    private static final AppBehaviour LIMITED = new AppBehaviour("limited", new AppScript(), null, LOCKED);
    private static final AppBehaviour INHERENT = new AppBehaviour("inherent", new AppScript(),
            new AppBehaviour.Inherent("why", "the database file was replaced"), null);

    private static final MatrixCell CLEAN = cell(Map.of(), "ok", "equal", "");

    @Test
    void aCleanRowPasses() {
        assertThat(AppBehaviourMatrixIT.check(PLAIN, row(CLEAN, CLEAN, CLEAN))).isEmpty();
    }

    @Test
    void anErrorReplicatorAddsFails() {
        MatrixCell r = cell(Map.of("disk I/O error (10)", 1), "ok", "equal", "");
        assertThat(AppBehaviourMatrixIT.check(PLAIN, row(CLEAN, r, r))).singleElement().asString()
                .contains("disk I/O error");
        assertThat(AppBehaviourMatrixIT.check(PLAIN, row(r, r, CLEAN))).as("an error the app sees alone too")
                .isEmpty();
    }

    @Test
    void aRestoreThatDiffersOrACorruptAppDatabaseFails() {
        assertThat(AppBehaviourMatrixIT.check(PLAIN, row(CLEAN, cell(Map.of(), "ok", "**differs**", ""), CLEAN)))
                .singleElement().asString().contains("restore");
        assertThat(AppBehaviourMatrixIT.check(PLAIN, row(CLEAN, cell(Map.of(), "Page 5: bad", "n/a", ""), CLEAN)))
                .singleElement().asString().contains("Page 5");
    }

    @Test
    void aLimitedOutcomeIsAllowedNoMoreOftenThanUnderLitestream() {
        MatrixCell twice = cell(Map.of(LOCKED, 2), "ok", "equal", "");
        MatrixCell thrice = cell(Map.of(LOCKED, 3), "ok", "equal", "");
        assertThat(AppBehaviourMatrixIT.check(LIMITED, row(CLEAN, twice, thrice))).isEmpty();
        assertThat(AppBehaviourMatrixIT.check(LIMITED, row(CLEAN, thrice, twice))).hasSize(1);
        assertThat(AppBehaviourMatrixIT.check(PLAIN, row(CLEAN, twice, thrice))).as("not limited").hasSize(1);
    }

    @Test
    void anInherentCaseMustBeNoWorseThanLitestreamEvidencedAndLogged() {
        String logged = "WARN db=x the database file was replaced (deleted and created again, or renamed over)";
        MatrixCell r = cell(Map.of("disk I/O error (10)", 2), "ok", "equal", logged);
        MatrixCell l = cell(Map.of("disk I/O error (10)", 2), "ok", "**differs**", "");
        assertThat(AppBehaviourMatrixIT.check(INHERENT, row(CLEAN, r, l))).isEmpty();

        MatrixCell worse = cell(Map.of("disk I/O error (10)", 3), "ok", "equal", logged);
        assertThat(AppBehaviourMatrixIT.check(INHERENT, row(CLEAN, worse, l))).singleElement().asString()
                .contains("more errors");
        MatrixCell silent = cell(Map.of("disk I/O error (10)", 2), "ok", "equal", "INFO nothing");
        assertThat(AppBehaviourMatrixIT.check(INHERENT, row(CLEAN, silent, l))).singleElement().asString()
                .contains("did not log");
        MatrixCell cleanLogged = cell(Map.of(), "ok", "equal", logged);
        assertThat(AppBehaviourMatrixIT.check(INHERENT, row(CLEAN, cleanLogged, CLEAN))).as("as good as alone")
                .isEmpty();
        MatrixCell failing = cell(Map.of("disk I/O error (10)", 1), "ok", "equal", logged);
        assertThat(AppBehaviourMatrixIT.check(INHERENT, row(CLEAN, failing, CLEAN)))
                .anySatisfy(f -> assertThat(f).contains("no evidence"));
        MatrixCell corrupt = cell(Map.of(), "Page 5: bad", "n/a", logged);
        MatrixCell litestreamSound = cell(Map.of("disk I/O error (10)", 1), "ok", "equal", "");
        assertThat(AppBehaviourMatrixIT.check(INHERENT, row(CLEAN, corrupt, litestreamSound))).singleElement()
                .asString().contains("sound beside Litestream");
    }

    private static MatrixCell cell(Map<String, Integer> errors, String appDb, String restore, String log) {
        return new MatrixCell(errors, errors.isEmpty() ? null : errors.keySet().iterator().next(), appDb, restore,
                log, "");
    }

    private static Map<Sidecar, MatrixCell> row(MatrixCell alone, MatrixCell replicator, MatrixCell litestream) {
        Map<Sidecar, MatrixCell> row = new EnumMap<>(Sidecar.class);
        row.put(Sidecar.NONE, alone);
        row.put(Sidecar.REPLICATOR, replicator);
        row.put(Sidecar.LITESTREAM, litestream);
        return row;
    }
}
