package dev.replicator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs the built shaded jar as its own process, with the JVM options bin/replicator uses by default.
 * The jar comes from system property {@code replicator.jar} (set by the pom for Failsafe), else the
 * newest target/replicator-*.jar. Stop a started one with {@link ManagedProcess#stop()} (SIGTERM and
 * wait) or {@link ManagedProcess#kill()}.
 */
public final class ReplicatorProcess {

    /** Same defaults as bin/replicator; later options (e.g. -Xmx64m) override them. */
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:+ExitOnOutOfMemoryError");

    private ReplicatorProcess() {
    }

    public static ManagedProcess start(String... args) {
        return start(Map.of(), args);
    }

    /** Starts with extra environment variables (e.g. REPLICATOR_CONFIG, AWS credentials). */
    public static ManagedProcess start(Map<String, String> env, String... args) {
        return ManagedProcess.start("replicator", command(List.of(), args), env);
    }

    public static ProcessResult run(Duration timeout, String... args) {
        return run(timeout, Map.of(), args);
    }

    public static ProcessResult run(Duration timeout, Map<String, String> env, String... args) {
        return ManagedProcess.run("replicator", timeout, command(List.of(), args), env);
    }

    /** The full java command line, for callers that need their own JVM options or ManagedProcess.start. */
    public static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(DEFAULT_JVM_OPTIONS);
        command.add("-XX:TieredStopAtLevel=1");
        if (args.length > 0 && List.of("replicate", "demo").contains(args[0])) {
            command.addAll(List.of("-Xms8m", "-Xmn4m")); // as bin/replicator runs the daemon
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return command;
    }

    public static Path jar() {
        String configured = System.getProperty("replicator.jar");
        if (configured != null && !configured.isBlank() && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        Path target = ProjectRoot.get().resolve("target");
        return newestJar(target).orElseThrow(() -> new IllegalStateException("no replicator jar"
                + (configured == null ? "" : " at " + configured) + " nor in " + target
                + ": build it with 'mvn -B -DskipTests package' (or run end-to-end tests with 'mvn verify')"));
    }

    private static Optional<Path> newestJar(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("replicator-") && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar")
                                && !name.endsWith("-javadoc.jar");
                    })
                    .max(Comparator.comparing(ReplicatorProcess::modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
