package dev.replicator.control;

import dev.replicator.db.StateDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a {@code replicate} holds a database's state directory. Only for processes that do not hold it themselves:
 * closing a descriptor of the lock file drops every POSIX lock the process holds on it.
 */
public final class StateLock {

    private StateLock() {
    }

    public static boolean isHeld(Path db) throws IOException {
        Path lock = StateDir.lockPath(db);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                return true;
            }
            l.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }
}
