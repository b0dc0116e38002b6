package dev.replicator.replica.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;

import java.io.IOException;

/** Runs one operation on a pooled channel and gives the channel back, translating failures. */
final class SftpCalls {

    interface Call<T> {
        T run(ChannelSftp channel) throws SftpException, IOException;
    }

    interface Quiet {
        void run() throws Exception;
    }

    private SftpCalls() {
    }

    static <T> T run(SftpConnection connection, String what, String path, Call<T> call) throws IOException {
        ChannelSftp channel = connection.acquire();
        boolean healthy = false;
        try {
            T result = call.run(channel);
            healthy = true;
            return result;
        } catch (SftpException e) {
            healthy = channelSurvives(e);
            throw connection.errors().of(e, what, path);
        } finally {
            connection.release(channel, healthy);
        }
    }

    /** Whether the channel is still usable after the server answered {@code e}. */
    static boolean channelSurvives(SftpException e) {
        return e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE || e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED;
    }

    static void quietly(Quiet action) {
        try {
            action.run();
        } catch (Exception e) {
            // best effort: the caller reports the first failure
        }
    }
}
