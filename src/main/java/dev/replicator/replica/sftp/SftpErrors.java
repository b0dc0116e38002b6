package dev.replicator.replica.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import dev.replicator.config.SftpSettings;
import dev.replicator.replica.ReplicaException;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Turns JSch failures into one-line {@link ReplicaException}s that name the server and the fix. */
final class SftpErrors {

    private final SftpSettings settings;

    SftpErrors(SftpSettings settings) {
        this.settings = settings;
    }

    private String where() {
        return settings.describe();
    }

    ReplicaException connect(JSchException e) {
        Throwable cause = e.getCause();
        String hostPort = settings.host() + ":" + settings.port();
        if (cause instanceof ConnectException) {
            return new ReplicaException(where() + ": cannot connect to " + hostPort + ": connection refused: check "
                    + "host and port, and that the SSH server runs", e);
        }
        if (cause instanceof UnknownHostException) {
            return new ReplicaException(where() + ": unknown host " + settings.host() + ": check host", e);
        }
        if (cause instanceof NoRouteToHostException || cause instanceof SocketTimeoutException
                || String.valueOf(e.getMessage()).contains("timeout")) {
            return new ReplicaException(where() + ": cannot connect to " + hostPort + ": " + oneLine(e)
                    + ": check host and port, and the firewall", e);
        }
        if (String.valueOf(e.getMessage()).startsWith("Auth")) {
            return new ReplicaException(where() + ": the server refused the login of user " + settings.user()
                    + ": check user and " + (settings.keyPath().isPresent() ? "key-path (its public key must be in "
                    + "the user's ~/.ssh/authorized_keys)" : "password"), e);
        }
        return new ReplicaException(where() + ": SSH connection failed: " + oneLine(e)
                + ": check host, port and the SSH server", e);
    }

    ReplicaException key(JSchException e) {
        return new ReplicaException(where() + ": cannot use key-path " + settings.keyPath().orElseThrow() + ": "
                + oneLine(e) + ": point key-path at an unencrypted OpenSSH or PEM private key", e);
    }

    /** A failed operation on {@code path}; a missing file becomes {@link FileNotFoundException}. */
    IOException of(SftpException e, String what, String path) {
        if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
            FileNotFoundException missing = new FileNotFoundException(where() + ": " + path + " does not exist");
            missing.initCause(e);
            return missing;
        }
        if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
            return new ReplicaException(where() + ": cannot " + what + " " + path + ": permission denied: give user "
                    + settings.user() + " access to it on the server, or fix path", e);
        }
        return new ReplicaException(where() + ": cannot " + what + " " + path + ": " + oneLine(e), e);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).replaceFirst("^java\\.[a-z.]+\\.[A-Za-z]+: ", "");
    }
}
