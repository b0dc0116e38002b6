package dev.replicator.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Litestream v0.3.13 binary used by interop tests. Found via env LITESTREAM_BIN, else system
 * property {@code litestream.bin} (the pom sets it), else the path .ci/install-test-tools installs to.
 * A missing binary is a test failure, never a skip.
 */
public final class LitestreamBinary {

    public static final String DEFAULT_PATH =
            ".tools/litestream/node_modules/@flydotio/litestream-linux-x64/litestream";

    private LitestreamBinary() {
    }

    public static Path path() {
        // The env var goes first: the pom always sets the property, so it would otherwise never apply.
        String configured = System.getenv("LITESTREAM_BIN");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("litestream.bin");
        }
        Path path = configured == null || configured.isBlank()
                ? ProjectRoot.get().resolve(DEFAULT_PATH)
                : Path.of(configured);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException("Litestream binary not found at " + path.toAbsolutePath()
                    + ": run .ci/install-test-tools (or set LITESTREAM_BIN / -Dlitestream.bin)");
        }
        return path;
    }

    public static ProcessResult run(Duration timeout, String... args) {
        return ManagedProcess.run("litestream", timeout, command(args), Map.of());
    }

    public static ProcessResult run(Duration timeout, Map<String, String> env, String... args) {
        return ManagedProcess.run("litestream", timeout, command(args), env);
    }

    /** Starts a long-running command such as {@code replicate DB URL}; stop it with {@link ManagedProcess#stop()}. */
    public static ManagedProcess start(String... args) {
        return start(Map.of(), args);
    }

    public static ManagedProcess start(Map<String, String> env, String... args) {
        return ManagedProcess.start("litestream", command(args), env);
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(path().toString());
        command.addAll(List.of(args));
        return command;
    }
}
