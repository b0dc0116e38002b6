package dev.replicator.e2e;

import static dev.replicator.e2e.AppScript.bulkInsert;
import static dev.replicator.e2e.AppScript.fresh;
import static dev.replicator.e2e.AppScript.inserts;
import static dev.replicator.e2e.AppScript.touch;

import java.util.List;

/**
 * One thing an app does to its database while a sidecar replicates it, as a script run by a separate process.
 *
 * @param name      the row's name in the matrix
 * @param script    the app's workload
 * @param inherent  null when replicator must add no error at all; else why no sidecar can make the case harmless
 * @param limited   null, or an outcome the app may see under replicator and not alone, as long as it sees it no more
 *                  often than under Litestream: {@code database is locked} for an app with no busy timeout, and the
 *                  app's own TRUNCATE checkpoint returning busy (a known gap: see the row)
 */
record AppBehaviour(String name, AppScript script, Inherent inherent, String limited) {

    /**
     * A case no process that holds the database open can make harmless: replicator must do no worse than Litestream
     * (app errors, app database integrity), and where it can see the case, it logs {@code logLine} (else null: the
     * app's statement fails and nothing changes that a sidecar could see).
     */
    record Inherent(String why, String logLine) {
    }

    /** The app's usual busy timeout in these rows, in ms. */
    static final int TIMEOUT = 1000;

    private static final String REPLACED = "the database file was replaced";

    static List<AppBehaviour> all() {
        return List.of(
                plain("delete db (keep -wal/-shm) after a small commit, create a new one", new AppScript()
                        .sqlite(TIMEOUT, touch())
                        .shell("rm \"$DB\"")
                        .sqlite(TIMEOUT, fresh()).sqlite(TIMEOUT, inserts(50, 300))),
                plain("delete db with its -wal/-shm, create a new one", new AppScript()
                        .sqlite(TIMEOUT, inserts(50, 300))
                        .shell("rm -f \"$DB\" \"$DB-wal\" \"$DB-shm\"")
                        .sqlite(TIMEOUT, fresh()).sqlite(TIMEOUT, inserts(50, 300))),
                inherent("delete db (keep -wal/-shm) right after a commit that grew it, create a new one",
                        new AppScript()
                                .sqlite(TIMEOUT, bulkInsert(100))
                                .shell("rm \"$DB\"")
                                .sqlite(TIMEOUT, fresh()).sqlite(TIMEOUT, inserts(50, 300)),
                        "the new file gets the old -shm's wal-index while any process has the old file open",
                        REPLACED),
                inherent("VACUUM INTO a temp file, rename it over the live db", new AppScript()
                                .sqlite(TIMEOUT, inserts(50, 300), "VACUUM INTO 'new.db';")
                                .shell("mv new.db \"$DB\"")
                                .sqlite(TIMEOUT, "PRAGMA journal_mode=wal;", inserts(50, 300)),
                        "the old -wal's frames, not backfilled while a reader holds the old file, are read into"
                                + " the new file",
                        REPLACED),
                plain("sqlite3 .restore other.db (backup API over the live db)", new AppScript()
                        .shell("\"$S\" other.db 'PRAGMA journal_mode=wal;' '" + AppScript.TABLE + "' '"
                                + bulkInsert(300) + "' 'PRAGMA journal_mode=delete;' >/dev/null")
                        .sqlite(TIMEOUT, inserts(20, 300), ".restore other.db", inserts(50, 300))),
                inherent("journal_mode=DELETE, then back to WAL", new AppScript()
                                .sqlite(TIMEOUT, inserts(20, 300), "PRAGMA journal_mode=DELETE;", inserts(20, 300),
                                        "PRAGMA journal_mode=WAL;", inserts(20, 300)),
                        "leaving WAL mode needs an exclusive lock, which a reader's open transaction denies", null),
                inherent("locking_mode=EXCLUSIVE for a while, then NORMAL", new AppScript()
                                .sqlite(TIMEOUT, inserts(5, 300), "PRAGMA locking_mode=EXCLUSIVE;", inserts(3, 300),
                                        "PRAGMA locking_mode=NORMAL;", "SELECT COUNT(*) FROM t;", inserts(20, 300)),
                        "an exclusive-mode connection needs an exclusive lock, which a reader's open transaction"
                                + " denies", null),
                // replicator hands its read mark on to the app's checkpoint only when its own checkpoint meets it;
                // otherwise the app's TRUNCATE can wait out its busy timeout on replicator's read mark.
                new AppBehaviour("wal_checkpoint(TRUNCATE) in a loop from a second connection", new AppScript()
                        .sqliteInBackground(TIMEOUT, inserts(400, 300))
                        .sqlite(TIMEOUT, ("PRAGMA wal_checkpoint(TRUNCATE);\n.shell sleep 0.1\n").repeat(8))
                        .shell("wait"), null, MatrixCell.CHECKPOINT_BUSY_ERROR),
                plain("VACUUM", new AppScript()
                        .sqlite(TIMEOUT, inserts(100, 300), "DELETE FROM t WHERE id % 2 = 0;", "VACUUM;",
                                inserts(50, 300))),
                inherent("page_size 8192 with VACUUM (journal_mode=DELETE, then WAL)", new AppScript()
                                .sqlite(TIMEOUT, inserts(50, 300), "PRAGMA journal_mode=DELETE;",
                                        "PRAGMA page_size=8192;", "VACUUM;", "PRAGMA journal_mode=WAL;",
                                        inserts(50, 300)),
                        "leaving WAL mode needs an exclusive lock, which a reader's open transaction denies", null),
                busy(0, "database is locked (5)"), busy(50, null), busy(5000, null));
    }

    private static AppBehaviour plain(String name, AppScript script) {
        return new AppBehaviour(name, script, null, null);
    }

    private static AppBehaviour inherent(String name, AppScript script, String why, String logLine) {
        return new AppBehaviour(name, script, new Inherent(why, logLine), null);
    }

    /** Back-to-back commits of 1 KB, enough WAL for a few checkpoints. */
    private static AppBehaviour busy(int timeoutMillis, String limited) {
        return new AppBehaviour("busy_timeout " + timeoutMillis + " ms, 2000 commits back to back", new AppScript()
                .sqlite(timeoutMillis, "PRAGMA synchronous=NORMAL;", inserts(2000, 1000)), null, limited);
    }
}
