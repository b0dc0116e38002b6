package dev.replicator.restore;

import dev.replicator.DurableFiles;
import dev.replicator.FileProtection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

/**
 * The file a restore writes, {@code <out>.tmp}: created new, given its final length, checked with
 * {@code PRAGMA integrity_check} while it is made durable, and only then published at {@code <out>}, which is never
 * replaced (R5). Closing it without publishing deletes it.
 */
final class RestoredFile implements AutoCloseable {

    private final Path out;
    private final Path tmp;
    private final FileChannel channel;
    private boolean published;

    RestoredFile(Path out, FileProtection protection) throws IOException {
        this.out = out;
        this.tmp = out.resolveSibling(out.getFileName() + ".tmp");
        deleteScratch();
        try {
            // CREATE_NEW never follows a symlink planted at the name: it fails instead.
            this.channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), protection.fileAttribute());
        } catch (FileAlreadyExistsException e) {
            throw new RestoreException("restore file " + tmp + " appeared while it was being created (a symlink "
                    + "planted by another user?): check who writes to " + tmp.toAbsolutePath().getParent());
        }
        protection.claim(tmp);
    }

    Path tmp() {
        return tmp;
    }

    FileChannel channel() {
        return channel;
    }

    /** Zeros the pages a cut removed after they were written, and sets the length the forward replay would leave. */
    void finish(PageLedger ledger, long snapshotBytes, int pageSize) throws IOException {
        long length = ledger.finalLength(snapshotBytes, pageSize);
        byte[] zeros = new byte[pageSize];
        for (int page : (Iterable<Integer>) ledger.pagesToZero(length, pageSize)::iterator) {
            writeFully(ByteBuffer.wrap(zeros), (long) (page - 1) * pageSize);
        }
        if (channel.size() > length) {
            channel.truncate(length);
        } else if (channel.size() < length) {
            writeFully(ByteBuffer.wrap(new byte[1]), length - 1);
        }
    }

    /**
     * Runs {@code PRAGMA integrity_check} while {@code background} makes the file durable; returns once both are
     * done, with the check's answer ("ok" for a sound file).
     */
    String checkWhileSyncing(Executor background) throws IOException {
        CompletableFuture<Void> durable = CompletableFuture.runAsync(() -> {
            try {
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, background);
        String check = integrityCheck();
        try {
            durable.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing " + tmp + " to disk", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw new IOException("cannot write " + tmp + " to disk: " + cause.getMessage(), cause);
        }
        return check;
    }

    /** Renames without ever replacing: a hard link fails if {@code out} exists, where rename(2) would clobber it. */
    void publish() throws IOException {
        channel.close();
        try {
            Files.createLink(out, tmp);
            Files.delete(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new RestoreException("output " + out + " appeared during the restore: move it away and retry");
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (Files.exists(out)) {
                throw new RestoreException("output " + out + " appeared during the restore: move it away and retry");
            }
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        }
        DurableFiles.fsyncDirectory(out.toAbsolutePath().getParent());
        published = true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        if (!published) {
            deleteScratch();
        }
    }

    private String integrityCheck() throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp);
             Statement s = c.createStatement()) {
            // Reading through a memory map spares copying every page into SQLite's cache (half the check's time).
            s.execute("PRAGMA mmap_size=" + (1L << 31));
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                StringBuilder b = new StringBuilder();
                while (rs.next()) {
                    b.append(b.isEmpty() ? "" : "; ").append(rs.getString(1));
                }
                return b.toString();
            }
        } catch (SQLException e) {
            throw new RestoreException("restored database cannot be opened: " + e.getMessage(), e);
        }
    }

    private void writeFully(ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            position += channel.write(buf, position);
        }
    }

    private void deleteScratch() throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(Path.of(tmp + suffix));
        }
    }
}
