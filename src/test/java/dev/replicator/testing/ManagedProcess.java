package dev.replicator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdout and stderr go to files (so a chatty child never blocks on a full
 * pipe), with SIGTERM-then-wait shutdown. Closing it kills the process if it is still running.
 */
public final class ManagedProcess implements AutoCloseable {

    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(60);

    private final List<String> command;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;

    private ManagedProcess(List<String> command, Process process, Path stdoutFile, Path stderrFile) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
    }

    /** Starts {@code command} with the current environment plus {@code env}; name prefixes the log dir. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env) {
        try {
            Path logDir = Files.createTempDirectory(name + "-");
            Path out = logDir.resolve("stdout.log");
            Path err = logDir.resolve("stderr.log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ManagedProcess(command, process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts the command, waits for it and returns its result; kills it and fails after {@code timeout}. */
    public static ProcessResult run(String name, Duration timeout, List<String> command, Map<String, String> env) {
        try (ManagedProcess p = start(name, command, env)) {
            int exit = p.waitFor(timeout);
            return new ProcessResult(exit, p.stdout(), p.stderr());
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for exit and returns the exit code; kills the process and throws AssertionError on timeout. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("did not exit within " + timeout + ", killed: " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
    }

    /** Sends SIGTERM and waits up to {@link #DEFAULT_STOP_TIMEOUT}; returns the exit code. */
    public int stop() {
        return stop(DEFAULT_STOP_TIMEOUT);
    }

    /** Sends SIGTERM (Process.destroy on Linux) and waits; kills it and throws AssertionError on timeout. */
    public int stop(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    /** SIGKILL, then wait for the process to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path stdoutFile() {
        return stdoutFile;
    }

    public Path stderrFile() {
        return stderrFile;
    }

    public String stdout() {
        return read(stdoutFile);
    }

    public String stderr() {
        return read(stderrFile);
    }

    /** Command, state and the tail of both outputs, for assertion messages. */
    public String describe() {
        String state = process.isAlive() ? "running" : "exit " + process.exitValue();
        return String.join(" ", command) + " (pid " + pid() + ", " + state + ")"
                + "\n--- stdout " + stdoutFile + " ---\n" + tail(stdout())
                + "\n--- stderr " + stderrFile + " ---\n" + tail(stderr());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String s) {
        int max = 8000;
        return s.length() <= max ? s : "[...]" + s.substring(s.length() - max);
    }
}
