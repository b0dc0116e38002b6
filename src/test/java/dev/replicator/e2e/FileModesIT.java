package dev.replicator.e2e;

import dev.replicator.FileProtection;
import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under the usual umask 022, a database of mode 0600 (or 0640, shared with its group): no file or directory that
 * {@code replicate} and {@code restore} (the built jar) write grants more than the database does, and as root each
 * belongs to the database's owner and group. Litestream v0.3.13 runs the same steps for comparison (printed).
 */
class FileModesIT {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    // As root, the database belongs to an app user that is not root, as in a container with a sidecar.
    private static final String APP_UID = "4711";
    private static final String APP_GID = "4712";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"600", "640"})
    void nothingReplicatorWritesGrantsMoreThanTheDatabase(String octal) throws Exception {
        Set<PosixFilePermission> mode = FileProtection.parseMode(octal);
        Map<String, String> replicator = run(mode, "replicator");
        Map<String, String> litestream = run(mode, "litestream");
        System.out.println("FileModesIT: database " + PosixFilePermissions.toString(mode) + ", umask 022");
        System.out.println("| file | replicator | Litestream v0.3.13 |\n| --- | --- | --- |");
        Set<String> kinds = new java.util.TreeSet<>(replicator.keySet());
        kinds.addAll(litestream.keySet());
        kinds.forEach(k -> System.out.println("| " + k + " | " + replicator.getOrDefault(k, "-") + " | "
                + litestream.getOrDefault(k, "-") + " |"));
    }

    /** Replicates and restores with {@code tool}, asserting (for replicator) or recording the modes of what it wrote. */
    private Map<String, String> run(Set<PosixFilePermission> mode, String tool) throws Exception {
        boolean ours = tool.equals("replicator");
        Path home = Files.createDirectories(dir.resolve(tool + "-" + PosixFilePermissions.toString(mode)));
        Path db = home.resolve("app.db");
        Path replica = home.resolve("replica");
        try (var c = SqliteFiles.openWal(db)) {
            SqliteFiles.exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)", "INSERT INTO t(v) VALUES (randomblob(5000))");
        }
        Files.setPosixFilePermissions(db, mode);
        if (ROOT) {
            run("chown", APP_UID + ":" + APP_GID, db.toString());
        }
        Path config = Files.writeString(home.resolve("config.yml"), "dbs:\n  - path: " + db + "\n"
                + "    replicas:\n      - path: " + replica + "\n");
        ManagedProcess replicate = ManagedProcess.start(tool, umask022(command(tool, "replicate", "-config",
                config.toString())), Map.of());
        try {
            await().atMost(Duration.ofSeconds(60)).failFast(() -> !replicate.isAlive())
                    .until(() -> segments(replica) > 0);
            SqliteFiles.appendRows(db, "t", 20);
            long before = segments(replica);
            await().atMost(Duration.ofSeconds(30)).failFast(() -> !replicate.isAlive())
                    .until(() -> segments(replica) > before);
        } finally {
            int exit = replicate.stop(Duration.ofSeconds(30));
            if (ours) {
                assertThat(exit).as(replicate::describe).isZero();
            }
        }
        Map<String, String> seen = new TreeMap<>();
        // What replicate wrote: the state directory (Litestream's is -litestream) and the replica.
        Path state = home.resolve(ours ? ".app.db-replicator" : ".app.db-litestream");
        check(seen, "state directory", state, mode, ours);
        check(seen, "file replica", replica, mode, ours);
        Path copy = home.resolve("copy.db");
        restore(tool, List.of("-o", copy.toString(), "-config", config.toString(), db.toString()));
        check(seen, "restore beside the database", copy, mode, ours);
        Path newHost = home.resolve("new-host.db");
        restore(tool, List.of("-o", newHost.toString(), "file://" + replica));
        check(seen, "restore from a URL (no database)", newHost, FileProtection.PRIVATE.mode(), false);
        if (ours) {
            assertMode(newHost, FileProtection.PRIVATE.mode(), "a restore with no database to copy from");
            assertThat(Files.getOwner(newHost).getName()).as("owner of a new host's restore: the directory's")
                    .isEqualTo(Files.getOwner(home).getName());
            Path given = home.resolve("given-mode.db");
            restore(tool, List.of("-mode", "0640", "-o", given.toString(), "file://" + replica));
            assertMode(given, FileProtection.parseMode("640"), "restore -mode 0640");
            assertThat(SqliteFiles.integrityCheck(copy)).isEqualTo("ok");
            SqliteFiles.assertSameContent(db, copy, "t");
        }
        return seen;
    }

    private void restore(String tool, List<String> args) {
        List<String> command = new ArrayList<>(List.of("restore"));
        command.addAll(args);
        ProcessResult r = ManagedProcess.run(tool, Duration.ofSeconds(60),
                umask022(command(tool, command.toArray(String[]::new))), Map.of());
        if (tool.equals("replicator")) {
            assertThat(r.exitCode()).as("%s %s: %s", tool, command, r.describe()).isZero();
        }
    }

    /** Records the widest mode under {@code path}; for replicator asserts that none grants more than {@code mode}. */
    private static void check(Map<String, String> seen, String kind, Path path, Set<PosixFilePermission> mode,
                              boolean assertIt) throws IOException {
        if (!Files.exists(path)) {
            seen.put(kind, "(none)");
            return;
        }
        Set<PosixFilePermission> fileMode = new FileProtection(mode, java.util.Optional.empty(),
                java.util.Optional.empty()).mode();
        Set<PosixFilePermission> dirMode = new FileProtection(mode, java.util.Optional.empty(),
                java.util.Optional.empty()).directoryMode();
        List<String> modes = new ArrayList<>();
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String m = (a.isDirectory() ? "d" : "-") + PosixFilePermissions.toString(a.permissions())
                        + (ROOT ? " " + a.owner().getName() + ":" + a.group().getName() : "");
                if (!modes.contains(m)) {
                    modes.add(m);
                }
                if (assertIt) {
                    assertThat(a.isDirectory() ? dirMode : fileMode).as("%s %s (%s) grants more than the database",
                            kind, p, m).containsAll(a.permissions());
                    if (ROOT) {
                        assertThat(a.owner().getName() + ":" + a.group().getName()).as("owner of %s", p)
                                .isEqualTo(APP_UID + ":" + APP_GID);
                    }
                }
            }
        }
        seen.put(kind, String.join(", ", modes));
    }

    private static void assertMode(Path file, Set<PosixFilePermission> mode, String what) throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(what)
                .isEqualTo(PosixFilePermissions.toString(mode));
    }

    private static long segments(Path replica) throws IOException {
        if (!Files.isDirectory(replica)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(replica)) {
            return all.filter(p -> p.toString().contains("/wal/") && Files.isRegularFile(p)).count();
        }
    }

    private static List<String> command(String tool, String... args) {
        if (tool.equals("replicator")) {
            return ReplicatorProcess.command(List.of(), args);
        }
        List<String> command = new ArrayList<>(List.of(LitestreamBinary.path().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static List<String> umask022(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "umask 022 && exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(String... command) {
        ProcessResult r = ManagedProcess.run(command[0], Duration.ofSeconds(30), List.of(command), Map.of());
        assertThat(r.exitCode()).as(r::describe).isZero();
    }
}
