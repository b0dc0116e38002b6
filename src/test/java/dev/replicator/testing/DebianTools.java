package dev.replicator.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Debian command-line tools interop tests use ({@code age}, {@code lz4}, {@code sqlite3}), found on the PATH.
 * A missing tool is a test failure that says how to install it, never a skip.
 */
public final class DebianTools {

    private DebianTools() {
    }

    public static Path path(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " not found on the PATH: run .ci/install-test-tools (apt package "
                + tool + ")");
    }

    /** Runs {@code tool args...}, failing the test with both outputs unless it exits 0. */
    public static ProcessResult run(String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(path(tool).toString()));
        command.addAll(List.of(args));
        ProcessResult result = ManagedProcess.run(tool, Duration.ofSeconds(60), command, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + result.describe());
        }
        return result;
    }
}
