package dev.replicator.e2e;

import static dev.replicator.e2e.E2e.step;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app-behaviour matrix (issue 12): each thing an app may do to its database ({@link AppBehaviour#all()}) is run
 * as a separate {@code sqlite3} process three ways: alone, beside the built jar's {@code replicate} and beside
 * Litestream v0.3.13, each with a file replica. Each cell records the errors the app saw, its final database's
 * integrity_check and whether the tool's restore has the same {@code .dump}; the table is printed (README's Guarantees
 * holds a copy).
 *
 * <p>Per row: under replicator the app sees no error that it does not also see alone, and its database is as sound as
 * alone, except (1) {@code database is locked} for an app with no busy timeout, no more often than under Litestream,
 * and (2) the named {@link AppBehaviour.Inherent} cases, which no process holding the database open can make
 * harmless: there replicator must do no worse than Litestream (errors, the app's database), and log the line it
 * promises where it can see the case. Wherever the app's database is sound, replicator's restore equals it.
 */
class AppBehaviourMatrixIT {

    @TempDir
    Path dir;

    @Test
    void theAppSeesNoErrorReplicatorAddsAndTheRestoreEqualsTheAppsDatabase() throws Exception {
        List<AppBehaviour> behaviours = AppBehaviour.all();
        List<Map<Sidecar, MatrixCell>> rows = new ArrayList<>();
        for (int i = 0; i < behaviours.size(); i++) {
            Map<Sidecar, MatrixCell> row = new EnumMap<>(Sidecar.class);
            for (Sidecar sidecar : Sidecar.values()) {
                step("row " + (i + 1) + " (" + behaviours.get(i).name() + "), " + sidecar.title);
                row.put(sidecar, MatrixCell.run(behaviours.get(i), sidecar, dir.resolve(i + "-" + sidecar)));
            }
            rows.add(row);
        }
        System.out.println(table(behaviours, rows));

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < behaviours.size(); i++) {
            failures.addAll(check(behaviours.get(i), rows.get(i)));
        }
        assertThat(failures).as("rows where replicator broke its promise (table above)").isEmpty();
    }

    /** What is wrong with replicator's cell of one row, against the other two. */
    static List<String> check(AppBehaviour b, Map<Sidecar, MatrixCell> row) {
        MatrixCell alone = row.get(Sidecar.NONE);
        MatrixCell r = row.get(Sidecar.REPLICATOR);
        MatrixCell l = row.get(Sidecar.LITESTREAM);
        List<String> failures = new ArrayList<>();
        String where = b.name() + ": ";
        if (r.appDbOk() && !r.restore().equals("equal")) {
            failures.add(where + "replicator's restore is not the app's final database: " + r.restore());
        }
        if (b.inherent() == null) {
            for (Map.Entry<String, Integer> e : r.errors().entrySet()) {
                boolean allowed = alone.errors().containsKey(e.getKey())
                        || e.getKey().equals(b.limited()) && e.getValue() <= l.errors().getOrDefault(e.getKey(), 0);
                if (!allowed) {
                    failures.add(where + "the app saw " + e.getValue() + " × '" + e.getKey() + "' beside replicator"
                            + " (alone: " + alone.errors() + ", beside Litestream: " + l.errors() + "); app's stderr:\n"
                            + r.appOutput());
                }
            }
            if (alone.appDbOk() && !r.appDbOk()) {
                failures.add(where + "the app's database beside replicator: " + r.appDb());
            }
            return failures;
        }
        boolean worseThanAlone = r.errorCount() > alone.errorCount() || alone.appDbOk() && !r.appDbOk();
        // Evidence is asked for only where replicator's cell is worse than alone: some inherent cases (the rename)
        // do not go wrong in every run, beside either tool.
        if (worseThanAlone && l.errorCount() <= alone.errorCount() && (l.appDbOk() || !alone.appDbOk())) {
            failures.add(where + "listed as inherent (" + b.inherent().why() + "), but the app saw no more beside"
                    + " Litestream than alone: no evidence; Litestream: " + l.summary(true));
        }
        if (r.errorCount() > l.errorCount()) {
            failures.add(where + "(inherent: " + b.inherent().why() + ") the app saw more errors beside replicator ("
                    + r.errors() + ") than beside Litestream (" + l.errors() + ")");
        }
        if (l.appDbOk() && !r.appDbOk()) {
            failures.add(where + "(inherent) the app's database is sound beside Litestream, not beside replicator: "
                    + r.appDb());
        }
        if (b.inherent().logLine() != null && !r.sidecarLog().contains(b.inherent().logLine())) {
            String log = r.sidecarLog();
            failures.add(where + "(inherent) replicate did not log '" + b.inherent().logLine() + "'; its log ends:\n"
                    + log.substring(Math.max(0, log.length() - 2000)));
        }
        return failures;
    }

    /** The matrix as a markdown table, inherent cases marked and explained below it. */
    static String table(List<AppBehaviour> behaviours, List<Map<Sidecar, MatrixCell>> rows) {
        StringBuilder t = new StringBuilder("\n| app behaviour |");
        for (Sidecar s : Sidecar.values()) {
            t.append(' ').append(s.title).append(" |");
        }
        t.append("\n| --- | --- | --- | --- |\n");
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < behaviours.size(); i++) {
            AppBehaviour b = behaviours.get(i);
            String mark = "";
            if (b.inherent() != null) {
                notes.add(b.inherent().why());
                mark = " (" + (char) ('a' + notes.size() - 1) + ")";
            }
            t.append("| ").append(b.name()).append(mark).append(" |");
            for (Sidecar s : Sidecar.values()) {
                t.append(' ').append(rows.get(i).get(s).summary(s != Sidecar.NONE)).append(" |");
            }
            t.append('\n');
        }
        t.append('\n');
        for (int n = 0; n < notes.size(); n++) {
            t.append("(").append((char) ('a' + n)).append(") inherent: ").append(notes.get(n)).append(".\n");
        }
        return t.toString();
    }
}
