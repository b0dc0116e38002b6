package dev.replicator.cli;

import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.restore.Progress;
import dev.replicator.restore.RestorePlan;
import dev.replicator.restore.RestoreTarget;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code replicate -restore-if-db-missing}: before replication starts, restores each missing database from the
 * newest backup among its replicas. With no backup anywhere yet (a first start) it creates an empty database in WAL
 * mode instead, so that replication can start before the app. A database that exists is never touched. For a
 * {@code dir:} entry, the databases to restore are those its replicas hold (a lost node's tenants).
 */
final class RestoreIfMissing {

    private static final Logger log = LoggerFactory.getLogger(RestoreIfMissing.class);

    /** What happened to one database. */
    enum Outcome { EXISTS, RESTORED, CREATED_EMPTY, NO_BACKUP }

    private RestoreIfMissing() {
    }

    static Outcome apply(DbConfig db) throws IOException {
        return apply(db, true);
    }

    /**
     * For a {@code dir:} entry: restores every database that some replica holds below its root, under the entry's
     * directory and pattern, and that does not exist here. The databases that exist, and the ones no replica knows,
     * are left as they are; discovery picks the restored ones up.
     *
     * @return the databases restored
     */
    static List<Path> applyDir(DirConfig dir) throws IOException {
        Set<Path> known = new TreeSet<>();
        for (ReplicaConfig r : dir.template().replicas()) {
            try (ReplicaClient root = ReplicaClients.create(r)) {
                for (String relative : root.databasesBelow()) {
                    Path db = dir.dir().resolve(relative).normalize();
                    if (dir.covers(db)) {
                        known.add(db);
                    }
                }
            }
        }
        List<Path> restored = new ArrayList<>();
        for (Path db : known) {
            if (apply(dir.forDatabase(db), false) == Outcome.RESTORED) {
                restored.add(db);
            }
        }
        log.info("dir={}: {} database(s) in the replicas, {} restored, the others exist here", dir.dir(),
                known.size(), restored.size());
        return restored;
    }

    private static Outcome apply(DbConfig db, boolean createIfNoBackup) throws IOException {
        Path path = db.path();
        if (Files.exists(path)) {
            log.debug("db={} exists, no restore needed", path);
            return Outcome.EXISTS;
        }
        refuseLeftovers(path);
        List<ReplicaTargets.Target> targets = ReplicaTargets.of(db, null);
        try {
            Optional<BackupRestore.Choice> choice = BackupRestore.newest(targets, RestoreTarget.latest());
            if (choice.isEmpty() && !createIfNoBackup) {
                log.warn("db={} has objects in its replicas but no restorable backup; not restored", path);
                return Outcome.NO_BACKUP;
            }
            if (choice.isEmpty()) {
                createEmpty(path);
                log.info("db={} does not exist and no replica has a backup of it yet ({}): created an empty WAL "
                        + "database", path, targets.stream().map(ReplicaTargets.Target::name).toList());
                return Outcome.CREATED_EMPTY;
            }
            long start = System.nanoTime();
            Files.createDirectories(path.toAbsolutePath().getParent());
            RestorePlan plan = BackupRestore.restore(choice.get(), RestoreTarget.latest(), path, 4, Progress.silent());
            log.info("db={} replica={} restored the missing database: generation {}, snapshot {}, {} WAL segments "
                    + "({} ms)", path, choice.get().target().name(), plan.generation(),
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

    private static void createEmpty(Path db) throws IOException {
        Files.createDirectories(db.toAbsolutePath().getParent());
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
