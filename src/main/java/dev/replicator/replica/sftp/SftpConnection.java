package dev.replicator.replica.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.replicator.config.SftpSettings;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Semaphore;

/**
 * One SSH session to the server and a pool of SFTP channels over it (a channel serves one operation at a time).
 * Connects on first use and again after the session drops. The host key is accepted without a check, as Litestream
 * v0.3.13 does (its client uses ssh.InsecureIgnoreHostKey).
 */
final class SftpConnection implements AutoCloseable {

    /** OpenSSH allows 10 sessions (channels) per connection by default. */
    static final int MAX_CHANNELS = 8;
    private static final int CONNECT_TIMEOUT_MS = 30_000;

    private final SftpSettings settings;
    private final SftpErrors errors;
    private final Semaphore permits = new Semaphore(MAX_CHANNELS);
    private final Deque<ChannelSftp> idle = new ArrayDeque<>();
    private Session session;

    SftpConnection(SftpSettings settings) {
        this.settings = settings;
        this.errors = new SftpErrors(settings);
    }

    SftpErrors errors() {
        return errors;
    }

    /** A connected channel for one operation; give it back with {@link #release}. */
    ChannelSftp acquire() throws IOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for an sftp channel to " + settings.describe(), e);
        }
        try {
            return channel();
        } catch (IOException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Gives back a channel; a broken one ({@code healthy} false) is closed instead of reused. */
    void release(ChannelSftp channel, boolean healthy) {
        synchronized (this) {
            if (healthy && channel.isConnected() && session != null && session.isConnected()) {
                idle.push(channel);
            } else {
                channel.disconnect();
            }
        }
        permits.release();
    }

    private synchronized ChannelSftp channel() throws IOException {
        while (!idle.isEmpty()) {
            ChannelSftp c = idle.pop();
            if (c.isConnected()) {
                return c;
            }
        }
        try {
            if (session == null || !session.isConnected()) {
                session = connect();
            }
            ChannelSftp c = (ChannelSftp) session.openChannel("sftp");
            c.connect(CONNECT_TIMEOUT_MS);
            return c;
        } catch (JSchException e) {
            if (session != null && !session.isConnected()) {
                session = null;
            }
            throw errors.connect(e);
        }
    }

    private Session connect() throws JSchException, IOException {
        JSch jsch = new JSch();
        if (settings.keyPath().isPresent()) {
            try {
                jsch.addIdentity(settings.keyPath().get().toString());
            } catch (JSchException e) {
                throw errors.key(e);
            }
        }
        Session s = jsch.getSession(settings.user(), settings.host(), settings.port());
        settings.password().ifPresent(s::setPassword);
        Properties config = new Properties();
        config.put("StrictHostKeyChecking", "no");
        config.put("PreferredAuthentications", settings.keyPath().isPresent()
                ? "publickey,password,keyboard-interactive" : "password,keyboard-interactive");
        s.setConfig(config);
        s.setTimeout(CONNECT_TIMEOUT_MS);
        s.setServerAliveInterval(15_000);
        s.connect(CONNECT_TIMEOUT_MS);
        return s;
    }

    @Override
    public synchronized void close() {
        idle.forEach(ChannelSftp::disconnect);
        idle.clear();
        if (session != null) {
            session.disconnect();
            session = null;
        }
    }
}
