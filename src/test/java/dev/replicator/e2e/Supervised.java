package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.SqliteFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;

/** Shared pieces of the supervisor-mode tests: the child's command line and files, configs, restores, row ids. */
final class Supervised {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Supervised() {
    }

    /** The shell command that runs {@link ChildApp} with this JVM's class path, for -exec or exec:. */
    static String childCommand(Path db, Path dir, String... args) {
        List<String> words = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), ChildApp.class.getName(),
                "--db", db.toString(), "--dir", dir.toString()));
        words.addAll(List.of(args));
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            b.append(b.isEmpty() ? "" : " ").append('\'').append(w.replace("'", "'\\''")).append('\'');
        }
        return b.toString();
    }

    /** A config with one database and one file replica, plus any extra top-level and per-db YAML lines. */
    static Path fileConfig(Path file, Path db, Path replica, String topLevel, String dbLevel) throws IOException {
        String yaml = topLevel
                + "dbs:\n"
                + "  - path: \"" + db + "\"\n"
                + indent(dbLevel, "    ")
                + "    replicas:\n"
                + "      - url: \"" + replica.toUri() + "\"\n";
        Files.writeString(file, yaml);
        return file;
    }

    private static String indent(String lines, String prefix) {
        StringBuilder b = new StringBuilder();
        for (String line : lines.split("\n")) {
            if (!line.isBlank()) {
                b.append(prefix).append(line).append('\n');
            }
        }
        return b.toString();
    }

    static void createDatabase(Path db) throws SQLException {
        try (Connection c = SqliteFiles.openWal(db); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, note TEXT)");
        }
    }

    static ProcessResult replicator(String... args) {
        return ReplicatorProcess.run(TIMEOUT, args);
    }

    static ProcessResult replicator(Map<String, String> env, String... args) {
        return ReplicatorProcess.run(TIMEOUT, env, args);
    }

    /** Restores {@code replicaUrl} into a new file {@code out} with the CLI and returns the ids in table t. */
    static List<Long> restoredIds(String replicaUrl, Path out, Map<String, String> env) throws SQLException {
        ProcessResult r = ReplicatorProcess.run(TIMEOUT, env, "restore", "-o", out.toString(), replicaUrl);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(SqliteFiles.integrityCheck(out)).isEqualTo("ok");
        return ids(out);
    }

    static List<Long> ids(Path db) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = SqliteFiles.open(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM t ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The ids the child logged as committed, in order. */
    static List<Long> committed(Path dir) {
        return lines(dir.resolve("committed")).stream().map(Long::valueOf).toList();
    }

    static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(s -> !s.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a file to appear; fails early if {@code p} exits first. */
    static void awaitFile(ManagedProcess p, Path file) {
        Awaitility.await(file + " written").atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (Files.exists(file)) {
                return true;
            }
            if (!p.isAlive()) {
                throw new AssertionError("exited before " + file + " appeared: " + p.describe());
            }
            return false;
        });
    }

    /** Sends a signal by name (HUP, TERM, INT) to a process. */
    static void signal(ManagedProcess p, String name) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-s", name, Long.toString(p.pid())).inheritIO().start().waitFor();
        assertThat(rc).as("kill -s %s %d", name, p.pid()).isZero();
    }
}
