package dev.replicator.e2e;

import dev.replicator.testing.DebianTools;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One cell of the matrix: an app's workload run beside one sidecar, and what came of it.
 *
 * @param errors        each error the app saw (normalised: no line numbers) with how often it saw it
 * @param firstError    the first error's text, or null
 * @param appDb         the app's final database: "ok", or the first line integrity_check (or sqlite3) gave
 * @param restore       "equal" or "differs" (the restore's .dump against the app's), "failed: ..." or "n/a"
 * @param sidecarLog    the sidecar's stderr ("" for no sidecar)
 * @param appOutput     the app's stderr, for failure messages
 */
record MatrixCell(Map<String, Integer> errors, String firstError, String appDb, String restore, String sidecarLog,
                  String appOutput) {

    private static final Pattern SQLITE_ERROR =
            Pattern.compile("^(?:Runtime error|Parse error|Error)(?: near line \\d+)?: *(.*)$");
    private static final Pattern CHECKPOINT_BUSY = Pattern.compile("^1\\|-?\\d+\\|-?\\d+$");
    static final String CHECKPOINT_BUSY_ERROR = "wal_checkpoint returned busy";

    int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    boolean appDbOk() {
        return appDb.equals("ok");
    }

    /** For the table: "0 errors, db ok, restore equal". */
    String summary(boolean withRestore) {
        String e = errors.isEmpty() ? "0 errors" : errors.entrySet().stream()
                .map(x -> x.getValue() + " × `" + x.getKey() + "`").collect(Collectors.joining(", "));
        return e + "; db " + (appDbOk() ? "ok" : "**corrupt**") + (withRestore ? "; restore " + restore : "");
    }

    /** Seeds the app's database, starts the sidecar, runs the app, stops the sidecar, checks and restores. */
    static MatrixCell run(AppBehaviour behaviour, Sidecar sidecar, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("app.db");
        Path replica = dir.resolve("replica");
        sqlite(db, String.join("\n", AppScript.fresh()));
        ManagedProcess side = sidecar.start(db, replica);
        ProcessResult app;
        String log;
        try {
            Path script = Files.writeString(dir.resolve("app.sh"), behaviour.script().text());
            app = ManagedProcess.run("app", Duration.ofSeconds(120), List.of("sh", script.toString()),
                    Map.of("S", DebianTools.path("sqlite3").toString(), "DB", db.toString(), "D", dir.toString()));
            if (side != null) {
                sidecar.stop(side, replica);
            }
        } finally {
            if (side != null) {
                side.close();
            }
        }
        log = side == null ? "" : side.stderr();
        Map<String, Integer> errors = new TreeMap<>();
        String first = null;
        for (boolean onStderr : new boolean[] {true, false}) {
            for (String line : (onStderr ? app.stderr() : app.stdout()).lines().map(String::strip).toList()) {
                String kind = errorKind(line, onStderr);
                if (kind != null) {
                    errors.merge(kind, 1, Integer::sum);
                    first = first == null ? line : first;
                }
            }
        }
        String appDb = integrity(db);
        String restore = "n/a";
        if (sidecar != Sidecar.NONE && appDb.equals("ok")) {
            Path out = dir.resolve("restored.db");
            String failure = sidecar.restore(replica, out);
            restore = failure != null ? "failed: " + failure : dump(out).equals(dump(db)) ? "equal" : "**differs**";
        }
        return new MatrixCell(errors, first, appDb, restore, log, app.stderr());
    }

    /** The error a line of the app's output reports, or null: sqlite3's errors, other commands' complaints. */
    private static String errorKind(String line, boolean onStderr) {
        if (line.isEmpty()) {
            return null;
        }
        if (CHECKPOINT_BUSY.matcher(line).matches()) {
            return CHECKPOINT_BUSY_ERROR;
        }
        if (!onStderr) {
            return null;
        }
        Matcher m = SQLITE_ERROR.matcher(line);
        return m.matches() ? m.group(1) : line;
    }

    private static String integrity(Path db) {
        ProcessResult r = sqliteResult(db, "PRAGMA integrity_check;");
        String out = (r.stdout().strip() + "\n" + r.stderr().strip()).strip();
        return out.equals("ok") ? "ok" : out.lines().filter(l -> !l.startsWith("***")).findFirst()
                .orElse("exit " + r.exitCode());
    }

    /** sqlite3's .dump without either sidecar's own tables. */
    static String dump(Path db) {
        return sqliteResult(db, ".dump").stdout().lines()
                .filter(l -> !l.contains("_replicator_seq") && !l.contains("_litestream_"))
                .collect(Collectors.joining("\n"));
    }

    private static void sqlite(Path db, String sql) {
        ProcessResult r = sqliteResult(db, sql);
        if (r.exitCode() != 0) {
            throw new AssertionError("sqlite3 " + db + ": " + r.describe());
        }
    }

    private static ProcessResult sqliteResult(Path db, String sql) {
        return ManagedProcess.run("sqlite3", Duration.ofSeconds(60),
                List.of(DebianTools.path("sqlite3").toString(), db.toString(), sql), Map.of());
    }
}
