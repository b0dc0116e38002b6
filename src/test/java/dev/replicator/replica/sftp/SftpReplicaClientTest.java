package dev.replicator.replica.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.config.SftpSettings;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaClientContract;
import dev.replicator.replica.ReplicaException;
import dev.replicator.testing.Ports;
import dev.replicator.testing.SshdServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against Debian's OpenSSH server, logged in with a key the test generates. */
class SftpReplicaClientTest extends ReplicaClientContract {

    private static SshdServer sshd;
    private static Path keys;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSshd() throws Exception {
        keys = Files.createTempDirectory("sshd");
        sshd = SshdServer.start(keys);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        sshd.close();
    }

    private SftpSettings settings(Path root) {
        return new SftpSettings("127.0.0.1", sshd.port(), sshd.user(), Optional.empty(),
                Optional.of(sshd.userKey()), root.toString());
    }

    @Override
    protected ReplicaClient newClient() {
        return new SftpReplicaClient(settings(dir.resolve("replica")));
    }

    @Override
    protected void putRaw(String key, byte[] content) throws IOException {
        Path file = dir.resolve("replica").resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    @Test
    void storesObjectsAtTheirLitestreamPaths() throws IOException {
        client.writeSnapshot(GEN, 0x1f, new java.io.ByteArrayInputStream(bytes("db")));

        assertThat(dir.resolve("replica/generations/" + GEN + "/snapshots/0000001f.snapshot.lz4")).hasContent("db");
        assertThat(client.location()).isEqualTo("sftp://" + sshd.user() + "@127.0.0.1:" + sshd.port() + dir
                .resolve("replica"));
    }

    @Test
    void wrongKeyNamesTheLogin() throws Exception {
        Path other = dir.resolve("other_ed25519");
        dev.replicator.testing.DebianTools.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        SftpSettings wrong = new SftpSettings("127.0.0.1", sshd.port(), sshd.user(), Optional.empty(),
                Optional.of(other), dir.toString());
        try (ReplicaClient c = new SftpReplicaClient(wrong)) {
            assertThatThrownBy(c::generations).isInstanceOf(ReplicaException.class)
                    .hasMessageContaining("the server refused the login of user " + sshd.user())
                    .hasMessageContaining("check user and key-path")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void unreachableHostNamesHostAndPort() throws IOException {
        int port = Ports.freePort();
        SftpSettings nowhere = new SftpSettings("127.0.0.1", port, "u", Optional.of("p"), Optional.empty(), "/x");
        try (ReplicaClient c = new SftpReplicaClient(nowhere)) {
            assertThatThrownBy(c::generations).isInstanceOf(ReplicaException.class)
                    .hasMessage("sftp://u@127.0.0.1:" + port + "/x: cannot connect to 127.0.0.1:" + port
                            + ": connection refused: check host and port, and that the SSH server runs");
        }
    }
}
