package dev.replicator.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's OpenSSH server on a loopback port, with a host key and a user key made by ssh-keygen, logging in as the
 * user running the tests. A missing sshd fails the test with the install command, never skips it.
 */
public final class SshdServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path userKey;
    private boolean paused;

    private SshdServer(Process process, int port, Path userKey) {
        this.process = process;
        this.port = port;
        this.userKey = userKey;
    }

    public static SshdServer start(Path dir) throws IOException, InterruptedException {
        Path sshd = Path.of("/usr/sbin/sshd");
        if (!Files.isExecutable(sshd)) {
            throw new IllegalStateException("/usr/sbin/sshd not found: run .ci/install-test-tools (apt package "
                    + "openssh-server)");
        }
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("host_ed25519");
        Path userKey = dir.resolve("user_ed25519");
        DebianTools.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString());
        DebianTools.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", userKey.toString());
        Files.copy(Path.of(userKey + ".pub"), dir.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd"));
        int port = Ports.freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"), "StrictModes no", "UsePAM no",
                "PermitRootLogin yes", "PasswordAuthentication no", "Subsystem sftp internal-sftp", "LogLevel ERROR",
                ""));
        Process p = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return new SshdServer(p, port, userKey);
            } catch (IOException e) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    p.destroy();
                    throw new IllegalStateException("sshd did not start: " + Files.readString(dir.resolve("sshd.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    public int port() {
        return port;
    }

    public Path userKey() {
        return userKey;
    }

    public String user() {
        return System.getProperty("user.name");
    }

    /**
     * Freezes the server with SIGSTOP: the listener and every connection it serves (the whole process tree), so that
     * clients' requests hang as on a stalled network while their TCP connections stay open. {@link #resume()} thaws it.
     */
    public synchronized void pause() {
        // The listener first, so that it forks no connection that the second signal would miss.
        kill("-STOP", List.of(process.toHandle()));
        kill("-STOP", process.descendants().toList());
        paused = true;
    }

    /** Thaws a {@link #pause()}d server (SIGCONT to the whole process tree); waiting requests then go on. */
    public synchronized void resume() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        kill("-CONT", all);
        paused = false;
    }

    private static void kill(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of(signal, "--"));
        processes.forEach(p -> args.add(Long.toString(p.pid())));
        DebianTools.run("kill", args.toArray(String[]::new));
    }

    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (paused && process.isAlive()) {
                resume();
            }
        }
        process.destroy();
        process.waitFor();
    }
}
