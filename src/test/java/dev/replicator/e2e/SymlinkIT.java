package dev.replicator.e2e;

import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.replicator.testing.OneLineError.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Symlinks another user could plant on the way of what replicator writes: a {@code restore -o} target, the
 * restore's temporary name, the state directory. None is followed to write the database's content elsewhere.
 */
class SymlinkIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private Path db;
    private Path replica;

    @BeforeEach
    void replicaOfADatabase() throws Exception {
        db = dir.resolve("app.db");
        replica = dir.resolve("replica");
        SqliteFiles.appendRows(db, "t", 50);
        ManagedProcess replicate = ReplicatorProcess.start("replicate", db.toString(), "file://" + replica);
        try {
            await().atMost(TIMEOUT).failFast(() -> !replicate.isAlive()).until(() -> {
                try (Stream<Path> files = Files.walk(dir.resolve("replica"))) {
                    return files.anyMatch(p -> p.toString().contains("/snapshots/") && Files.isRegularFile(p));
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        } finally {
            assertThat(replicate.stop(TIMEOUT)).as(replicate::describe).isZero();
        }
    }

    @Test
    void aRestoreTargetThatIsASymlinkIsRefused() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "not a database");
        Path out = Files.createSymbolicLink(dir.resolve("restored.db"), victim);
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.db"), dir.resolve("nowhere.db"));
        for (Path link : List.of(out, dangling)) {
            ProcessResult r = ReplicatorProcess.run(TIMEOUT, "restore", "-o", link.toString(), "file://" + replica);
            assertOneLineError(r, 1, link.toString(), "symbolic link");
        }
        assertThat(Files.readString(victim)).isEqualTo("not a database");
        assertThat(dir.resolve("nowhere.db")).doesNotExist();
    }

    @Test
    void aSymlinkPlantedAtTheTemporaryNameIsNotFollowed() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "not a database");
        Path out = dir.resolve("restored.db");
        Files.createSymbolicLink(dir.resolve("restored.db.tmp"), victim);
        ProcessResult r = ReplicatorProcess.run(TIMEOUT, "restore", "-o", out.toString(), "file://" + replica);
        assertThat(r.exitCode()).as(r::describe).isZero();
        assertThat(Files.readString(victim)).isEqualTo("not a database");
        SqliteFiles.assertSameContent(db, out, "t");
    }

    @Test
    void aStateDirectorySymlinkedByAnotherUserIsRefused() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true: this test needs root to plant a symlink owned by another user");
        }
        Assumptions.assumeTrue(root, "planting a symlink owned by another user needs root");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        try (Stream<Path> state = Files.walk(dir.resolve(".app.db-replicator"))) {
            for (Path p : state.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p); // the one the set-up's replicate left: another user replaces it with a link
            }
        }
        Path link = Files.createSymbolicLink(dir.resolve(".app.db-replicator"), elsewhere);
        ProcessResult chown = ManagedProcess.run("chown", TIMEOUT, List.of("chown", "-h", "4321:4321",
                link.toString()), Map.of());
        assertThat(chown.exitCode()).as(chown::describe).isZero();
        ManagedProcess replicate = ReplicatorProcess.start("replicate", db.toString(), "file://" + replica);
        try {
            await().atMost(TIMEOUT).until(() -> replicate.stderr().contains("is a symlink to " + elsewhere));
            String line = replicate.stderr().lines().filter(l -> l.contains("is a symlink to")).findFirst()
                    .orElseThrow();
            assertThat(line).contains(link.toString(), "4321", "remove the link");
            // With its only database refused, replicate exits: nothing can be written through the link afterwards.
            await().atMost(TIMEOUT).until(() -> !replicate.isAlive());
        } finally {
            replicate.stop(TIMEOUT);
        }
        try (Stream<Path> files = Files.list(elsewhere)) {
            assertThat(files).as("what replicate wrote through the planted link").isEmpty();
        }
    }
}
