package dev.replicator.db;

import dev.replicator.DurableFiles;
import dev.replicator.FileProtection;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local copy of one WAL index: the WAL header followed by whole, verified transactions only. Its length is the
 * replicated position within the index; bytes past it are never read by replicas.
 */
public final class ShadowWal implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final WalHeader header;
    private long end;
    private long checksum;

    private ShadowWal(Path path, FileChannel channel, WalHeader header, long end, long checksum) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.end = end;
        this.checksum = checksum;
    }

    /** Starts a new shadow file holding just {@code header}. */
    public static ShadowWal create(Path path, WalHeader header, FileProtection protection) throws IOException {
        try {
            DurableFiles.write(path, header.toBytes(), protection);
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new ShadowWal(path, ch, header, WalHeader.SIZE, header.checksum());
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
    }

    /** A write error that says which file (a full disk's ENOSPC names none) and why. */
    private static IOException cannotWrite(Path path, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return new IOException("cannot write shadow WAL " + path + ": " + why, e);
    }

    /**
     * Opens an existing shadow file, re-verifies it and cuts off anything after its last whole transaction (what a
     * crash in the middle of an append can leave behind).
     */
    public static ShadowWal recover(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16);
            WalHeader header = WalScanner.readHeader(in);
            WalScanner.Result r = WalScanner.scan(in, header, WalHeader.SIZE, header.checksum(), (o, f, l) -> { });
            if (ch.size() != r.commitEnd()) {
                ch.truncate(r.commitEnd());
                ch.force(true);
            }
            return new ShadowWal(path, ch, header, r.commitEnd(), r.commitChecksum());
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    public WalHeader header() {
        return header;
    }

    public Path path() {
        return path;
    }

    /** Offset just past the last whole transaction copied. */
    public long end() {
        return end;
    }

    /** Cumulative WAL checksum at {@link #end()}. */
    public long checksum() {
        return checksum;
    }

    /** Reads {@code length} bytes at {@code offset} of the shadow file. */
    public byte[] read(long offset, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (channel.read(buf, offset + buf.position()) < 0) {
                throw new IOException("shadow WAL " + path + " ended early at " + (offset + buf.position()));
            }
        }
        return buf.array();
    }

    /**
     * Copies whole verified transactions from the real WAL, starting at {@link #end()}, and makes them durable.
     *
     * @return bytes added
     */
    public long appendFrom(FileChannel wal) throws IOException {
        long start = end;
        InputStream in = new BufferedInputStream(Channels.newInputStream(new PositionedReader(wal, start)), 1 << 16);
        WalScanner.Result r = WalScanner.scan(in, header, start, checksum, (offset, frame, length) -> {
            ByteBuffer buf = ByteBuffer.wrap(frame, 0, length);
            long pos = offset;
            try {
                while (buf.hasRemaining()) {
                    pos += channel.write(buf, pos);
                }
            } catch (IOException e) {
                throw cannotWrite(path, e);
            }
        });
        try {
            if (r.scannedEnd() != r.commitEnd() || channel.size() > r.commitEnd()) {
                channel.truncate(r.commitEnd());
            }
            if (r.commitEnd() == start) {
                return 0;
            }
            channel.force(false);
        } catch (IOException e) {
            throw cannotWrite(path, e);
        }
        end = r.commitEnd();
        checksum = r.commitChecksum();
        return end - start;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
