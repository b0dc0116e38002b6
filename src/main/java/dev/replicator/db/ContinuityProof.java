package dev.replicator.db;

import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * After a restart, whether the real WAL still continues the shadow WAL left behind: same header, at least as long, and
 * the same last copied frame. Run under the write lock, so nothing is committed between the check and the copy.
 */
final class ContinuityProof {

    private ContinuityProof() {
    }

    /** Why the real WAL at {@code walPath} does not continue {@code candidate}, if it does not. */
    static Optional<String> problem(Path walPath, ShadowWal candidate) throws IOException {
        if (!Files.exists(walPath) || Files.size(walPath) < WalHeader.SIZE) {
            return Optional.of("WAL file was removed or emptied while replication was stopped");
        }
        try (FileChannel wal = FileChannel.open(walPath, StandardOpenOption.READ)) {
            WalHeader real;
            try {
                real = WalScanner.readHeader(Channels.newInputStream(new PositionedReader(wal, 0)));
            } catch (WalFormatException e) {
                return Optional.of("WAL header unreadable: " + e.getMessage());
            } catch (EOFException e) {
                return Optional.of("WAL file was emptied while replication was stopped");
            }
            if (!real.sameBytes(candidate.header())) {
                return Optional.of("WAL was restarted while replication was stopped");
            }
            if (wal.size() < candidate.end()) {
                return Optional.of("WAL is shorter than what was already copied");
            }
            long end = candidate.end();
            if (end > WalHeader.SIZE) {
                int frame = real.frameSize();
                byte[] shadowFrame = candidate.read(end - frame, frame);
                byte[] realFrame = new byte[frame];
                ByteBuffer buf = ByteBuffer.wrap(realFrame);
                while (buf.hasRemaining() && wal.read(buf, end - frame + buf.position()) > 0) {
                    // keep reading
                }
                if (!Arrays.equals(shadowFrame, realFrame)) {
                    return Optional.of("WAL was overwritten by another process");
                }
            }
        }
        return Optional.empty();
    }
}
