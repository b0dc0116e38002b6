package dev.replicator.replica.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import dev.replicator.config.SftpSettings;
import dev.replicator.replica.AccessProbe;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@link AccessProbe} on an SFTP replica root: log in, list, write, read and delete one file under it. A missing root
 * is created, as replicate would create it.
 */
public final class SftpAccessProbe implements AccessProbe {

    private final SftpSettings settings;
    private final SftpConnection connection;

    public SftpAccessProbe(SftpSettings settings) {
        this.settings = settings;
        this.connection = new SftpConnection(settings);
    }

    @Override
    public String location() {
        return settings.describe();
    }

    @Override
    public String objectUrl(String name) {
        return settings.under(name).describe();
    }

    @Override
    public void list() throws IOException {
        String root = settings.resolve("");
        SftpCalls.run(connection, "list", root.isEmpty() ? "." : root, c -> {
            try {
                c.ls(root.isEmpty() ? "." : root, e -> ChannelSftp.LsEntrySelector.BREAK);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            return null;
        });
    }

    @Override
    public void put(String name, byte[] content) throws IOException {
        String path = settings.resolve(name);
        SftpCalls.run(connection, "write", path, c -> {
            try {
                c.put(new ByteArrayInputStream(content), path, ChannelSftp.OVERWRITE);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
                int slash = path.lastIndexOf('/');
                SftpReplicaClient.mkdirs(c, slash < 0 ? "" : path.substring(0, slash)); // as replicate would
                c.put(new ByteArrayInputStream(content), path, ChannelSftp.OVERWRITE);
            }
            return null;
        });
    }

    @Override
    public byte[] get(String name) throws IOException {
        String path = settings.resolve(name);
        return SftpCalls.run(connection, "read", path, c -> {
            try (InputStream in = c.get(path)) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public void delete(String name) throws IOException {
        String path = settings.resolve(name);
        SftpCalls.run(connection, "delete", path, c -> {
            c.rm(path);
            return null;
        });
    }

    @Override
    public void close() {
        connection.close();
    }
}
