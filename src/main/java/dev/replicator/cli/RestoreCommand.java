package dev.replicator.cli;

import dev.replicator.FileProtection;
import dev.replicator.restore.BackupRestore;
import dev.replicator.restore.BackupSource;
import dev.replicator.restore.Progress;
import dev.replicator.restore.RestorePlan;
import dev.replicator.restore.RestoreTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code replicator restore}: rebuilds a database from a replica into a new file. */
@Command(name = "restore", description = "Restore a database from its replica (the latest state, or a point in time).")
final class RestoreCommand implements Callable<Integer> {

    @Mixin
    SourceOptions from;

    @Option(names = "-o", paramLabel = "OUT", description = "Output path (default: the database's own path).")
    Path output;

    @Option(names = "-generation", paramLabel = "GEN", description = "Restore from this generation.")
    String generation;

    @Option(names = "-index", paramLabel = "INDEX", description = "Restore up to the end of this WAL index: 8 hex"
            + " digits as in object names and 'replicator wal' (0000002a), or decimal as Litestream prints it (42).")
    String index;

    @Option(names = "-timestamp", paramLabel = "TIME", description = "Restore the state at this time (RFC 3339).")
    String timestamp;

    @Option(names = "-parallelism", paramLabel = "N", defaultValue = "8",
            description = "WAL segments downloaded at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "-if-db-not-exists", description = "Exit 0 without restoring if the output already exists.")
    boolean ifDbNotExists;

    @Option(names = "-if-replica-exists", description = "Exit 0 without restoring if there is no backup yet.")
    boolean ifReplicaExists;

    @Option(names = "-identity-file", paramLabel = "FILE", description = "An age identity file (age-keygen) to "
            + "decrypt an encrypted replica given by URL; repeatable. A database path uses its config's keys.")
    List<String> identityFiles = new java.util.ArrayList<>();

    @Option(names = "-mode", paramLabel = "MODE", description = "File mode of the restored database, in octal as "
            + "chmod takes it (600, 0640). Default: the mode of the database when it exists on this host, else 600.")
    String mode;

    @Override
    public Integer call() throws IOException {
        RestoreTarget target = target();
        ReplicaTargets.Resolved resolved = from.targets(identityFiles);
        List<BackupSource> candidates = resolved.replicas();
        Path out = output != null ? output
                : resolved.db().orElseThrow(() -> new UsageException(
                        "restoring from a replica URL needs -o OUT: say where to write the database"));
        if (Files.isSymbolicLink(out) && !(ifDbNotExists && Files.exists(out))) {
            throw new IOException("output " + out + " is a symbolic link (to " + Files.readSymbolicLink(out)
                    + "): restore only creates a new plain file; pass -o with a path that does not exist");
        }
        FileProtection protection = protection(resolved.db(), out);
        if (Files.exists(out)) {
            if (ifDbNotExists) {
                System.err.println("database " + out + " already exists, skipping restore");
                return ExitCodes.OK;
            }
            throw new IOException("output " + out + " already exists: move it away, or pass -o to restore elsewhere"
                    + " (or -if-db-not-exists to skip)");
        }
        BackupRestore.Choice choice = BackupRestore.newest(candidates, target).orElse(null);
        if (choice == null) {
            if (ifReplicaExists) {
                System.err.println("no backup of " + from.source + " found, skipping restore");
                return ExitCodes.OK;
            }
            throw new IOException("no backup found in " + candidates.stream().map(c -> c.client().location()).toList()
                    + ": nothing to restore (pass -if-replica-exists to make that a success)");
        }
        if (parallelism < 1) {
            throw new UsageException("-parallelism must be at least 1");
        }
        RestorePlan plan = BackupRestore.restore(choice, target, out, protection, parallelism,
                Progress.forConsole());
        System.err.printf("restored %s from %s: generation %s, snapshot %08x, %d WAL segments in %d indexes%n",
                out, choice.source().client().location(), plan.generation(), plan.snapshot().index(),
                plan.segmentCount(), plan.indexes().size());
        return ExitCodes.OK;
    }

    /** -mode, else the mode (and as root the owner) of the database on this host, else 0600. */
    private FileProtection protection(Optional<Path> db, Path out) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (mode != null) {
            try {
                return FileProtection.forNewFileIn(dir, FileProtection.parseMode(mode));
            } catch (IllegalArgumentException e) {
                throw new UsageException("-mode " + e.getMessage());
            }
        }
        if (db.isPresent() && Files.isRegularFile(db.get())) {
            return FileProtection.of(db.get());
        }
        return FileProtection.forNewFileIn(dir, FileProtection.PRIVATE.mode());
    }

    /**
     * A WAL index as this tool names it (8 hex digits, the form of object names) or as Litestream's {@code wal}
     * prints it and its {@code restore -index} takes it (decimal), so Litestream users' scripts keep working.
     */
    static long parseIndex(String index) {
        try {
            if (index.matches("[0-9a-fA-F]{8}")) {
                return Long.parseLong(index, 16);
            }
            if (index.matches("[0-9]{1,10}")) {
                return Long.parseLong(index);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new UsageException("-index " + index + " is not a WAL index: write 8 hex digits as in 'replicator wal'"
                + " (0000002a) or a decimal number as Litestream prints it (42)");
    }

    private RestoreTarget target() {
        Optional<Long> idx = Optional.empty();
        if (index != null) {
            idx = Optional.of(parseIndex(index));
        }
        Optional<Instant> at = Optional.empty();
        if (timestamp != null) {
            try {
                at = Optional.of(OffsetDateTime.parse(timestamp).toInstant());
            } catch (DateTimeParseException e) {
                throw new UsageException("-timestamp " + timestamp + " is not RFC 3339, e.g. 2026-03-01T12:00:00Z");
            }
        }
        try {
            return new RestoreTarget(Optional.ofNullable(generation), idx, at);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
