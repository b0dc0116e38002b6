package dev.replicator.restore;

import dev.replicator.FileProtection;
import dev.replicator.Names;
import dev.replicator.replica.ReplicaClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Restore on start ({@code replicate -restore-if-db-missing}): restores a missing database from the newest backup
 * among its replicas. With no backup anywhere yet (a first start) it can create an empty database in WAL mode
 * instead, so that replication can start before the app. A database that exists is never touched.
 */
public final class RestoreIfMissing {

    private static final Logger log = LoggerFactory.getLogger(RestoreIfMissing.class);

    /** What happened to one database. */
    public enum Outcome { EXISTS, RESTORED, CREATED_EMPTY, NO_BACKUP }

    private RestoreIfMissing() {
    }

    /**
     * Restores {@code path} if it does not exist.
     *
     * @param replicas opened only when the database is missing; closed here
     * @param createIfNoBackup create an empty WAL database when no replica has a backup (else: NO_BACKUP)
     */
    public static Outcome apply(Path path, Supplier<List<BackupSource>> replicas, boolean createIfNoBackup)
            throws IOException {
        if (Files.exists(path)) {
            log.debug("db={} exists, no restore needed", path);
            return Outcome.EXISTS;
        }
        refuseLeftovers(path);
        List<BackupSource> targets = replicas.get();
        try {
            Optional<BackupRestore.Choice> choice = BackupRestore.newest(targets, RestoreTarget.latest());
            if (choice.isEmpty() && !createIfNoBackup) {
                log.warn("db={} has objects in its replicas but no restorable backup; not restored", path);
                return Outcome.NO_BACKUP;
            }
            if (choice.isEmpty()) {
                createEmpty(path);
                log.info("db={} does not exist and no replica has a backup of it yet ({}): created an empty WAL "
                        + "database", path, targets.stream().map(BackupSource::name).toList());
                return Outcome.CREATED_EMPTY;
            }
            long start = System.nanoTime();
            Files.createDirectories(path.toAbsolutePath().getParent());
            RestorePlan plan = BackupRestore.restore(choice.get(), RestoreTarget.latest(), path, newFile(path), 4,
                    Progress.silent());
            log.info("db={} replica={} restored the missing database: generation {}, snapshot {}, {} WAL segments "
                    + "({} ms)", path, Names.quoted(choice.get().source().name()), plan.generation(),
                    String.format("%08x", plan.snapshot().index()), plan.segmentCount(),
                    (System.nanoTime() - start) / 1_000_000);
            return Outcome.RESTORED;
        } finally {
            targets.forEach(t -> closeQuietly(t.client()));
        }
    }

    // SQLite would replay a stale -wal into the restored file and corrupt it.
    private static void refuseLeftovers(Path db) throws IOException {
        for (String suffix : new String[] {"-wal", "-journal"}) {
            Path leftover = Path.of(db + suffix);
            if (Files.exists(leftover)) {
                throw new IOException("db=" + db + " does not exist but " + leftover + " does: it belongs to the "
                        + "lost database and would corrupt a restore; move " + leftover + " (and " + db
                        + "-shm) away, then start again");
            }
        }
    }

    // No database to take the mode from: 0600, and as root the data directory's owner, so the app can open it.
    private static FileProtection newFile(Path db) throws IOException {
        return FileProtection.forNewFileIn(db.toAbsolutePath().getParent(), FileProtection.PRIVATE.mode());
    }

    private static void createEmpty(Path db) throws IOException {
        Files.createDirectories(db.toAbsolutePath().getParent());
        // SQLite would create the file with 0644 under the usual umask; its -wal and -shm then copy the file's mode.
        FileProtection protection = newFile(db);
        Files.createFile(db, protection.fileAttribute());
        protection.claim(db);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
            rs.next();
            if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                throw new IOException("db=" + db + ": could not create it in WAL mode (got " + rs.getString(1) + ")");
            }
        } catch (SQLException e) {
            throw new IOException("db=" + db + ": cannot create an empty database: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(ReplicaClient client) {
        try {
            client.close();
        } catch (IOException e) {
            log.debug("closing replica client {}: {}", client.location(), e.getMessage());
        }
    }
}
