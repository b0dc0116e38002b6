package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.db.AtomicFiles;
import dev.replicator.replica.Lz4;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalFrameHeader;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
import java.util.Arrays;

/**
 * Carries out a {@link RestorePlan}: the snapshot into {@code <out>.tmp}, each WAL index verified and applied page
 * by page as a checkpoint would, {@code PRAGMA integrity_check}, and only then a rename to {@code <out>} (R5, T7).
 * On any failure nothing is left at {@code <out>}.
 */
public final class PlanApplier {

    private static final Logger log = LoggerFactory.getLogger(PlanApplier.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final ReplicaClient client;
    private final int parallelism;
    private final Progress progress;

    public PlanApplier(ReplicaClient client) {
        this(client, 8, Progress.silent());
    }

    public PlanApplier(ReplicaClient client, int parallelism, Progress progress) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.client = client;
        this.parallelism = parallelism;
        this.progress = progress;
    }

    public void apply(RestorePlan plan, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        deleteScratch(tmp);
        progress.plan(plan);
        boolean done = false;
        try (Prefetcher prefetch = new Prefetcher(client, plan, parallelism, Path.of(tmp + "-download"))) {
            int pageSize = restoreSnapshot(plan, tmp);
            try (FileChannel db = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (RestorePlan.IndexSegments index : plan.indexes()) {
                    applyIndex(plan.generation(), index, db, pageSize, prefetch);
                }
                db.force(true);
            }
            progress.done();
            String check = integrityCheck(tmp);
            if (!"ok".equals(check)) {
                throw new RestoreException("restored database failed PRAGMA integrity_check (" + check
                        + "): the replica is damaged; restore from another replica or an earlier point");
            }
            publish(tmp, out);
            AtomicFiles.fsyncDirectory(out.toAbsolutePath().getParent());
            done = true;
        } finally {
            if (!done) {
                deleteScratch(tmp);
            }
        }
    }

    /** Renames without ever replacing: a hard link fails if {@code out} exists, where rename(2) would clobber it. */
    private static void publish(Path tmp, Path out) throws IOException {
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
    }

    private int restoreSnapshot(RestorePlan plan, Path tmp) throws IOException {
        String name = String.format("%s/%08x.snapshot.lz4", plan.generation(), plan.snapshot().index());
        try (InputStream in = Lz4.decompress(client.openSnapshot(plan.generation(), plan.snapshot().index()));
             OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            in.transferTo(os);
        } catch (IOException e) {
            throw new RestoreException("snapshot " + name + " is unreadable (" + e.getMessage()
                    + "): restore from another replica or generation", e);
        }
        progress.advance(plan.snapshot().size(), 0);
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(tmp)) {
            if (in.readNBytes(header, 0, 100) < 100 || !Arrays.equals(Arrays.copyOf(header, 16), SQLITE_MAGIC)) {
                throw new RestoreException("snapshot " + name + " is not a SQLite database");
            }
        }
        int pageSize = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        return pageSize == 1 ? 65536 : pageSize;
    }

    /**
     * Replays one WAL index the way a SQLite checkpoint would: every frame's page written in order, then the file cut
     * to the size of the last commit. Each segment must continue the previous one's offset and checksum chain and
     * end on a commit frame, so a gap, a segment from elsewhere or a flipped bit fails the restore (T7).
     */
    private void applyIndex(String generation, RestorePlan.IndexSegments index, FileChannel db, int pageSize,
                            Prefetcher prefetch) throws IOException {
        WalHeader header = null;
        long offset = 0;
        long checksum = 0;
        int[] lastCommitSize = {0};
        for (SegmentInfo s : index.segments()) {
            String name = String.format("%s/%08x_%08x.wal.lz4", generation, s.index(), s.offset());
            if (s.offset() != offset) {
                throw new RestoreException(String.format("WAL segment %s does not continue the previous one (which "
                        + "ends at %d): the replica has a gap", name, offset));
            }
            try (InputStream in = new BufferedInputStream(Lz4.decompress(prefetch.open(s)), 1 << 16)) {
                if (header == null) {
                    header = readHeader(in, name, pageSize);
                    offset = WalHeader.SIZE;
                    checksum = header.checksum();
                }
                WalScanner.Result r = WalScanner.scan(in, header, offset, checksum, (o, frame, len) -> {
                    int pageNo = ByteBuffer.wrap(frame, 0, 4).getInt();
                    writeFully(db, ByteBuffer.wrap(frame, WalFrameHeader.SIZE, len - WalFrameHeader.SIZE),
                            (long) (pageNo - 1) * pageSize);
                });
                if (r.stop() != WalScanner.Stop.END_OF_INPUT || r.commitEnd() != r.scannedEnd()) {
                    throw new RestoreException(String.format("WAL segment %s is damaged at WAL offset %d (%s): "
                            + "restore to an earlier point, or from another replica", name, r.scannedEnd(),
                            r.stop() == WalScanner.Stop.END_OF_INPUT ? "ends inside a transaction"
                                    : r.stop().name().toLowerCase().replace('_', ' ')));
                }
                if (r.commits() > 0) {
                    lastCommitSize[0] = r.lastCommitSize();
                }
                offset = r.commitEnd();
                checksum = r.commitChecksum();
            } catch (RestoreException e) {
                throw e;
            } catch (IOException e) {
                throw new RestoreException("WAL segment " + name + " is unreadable (" + e.getMessage()
                        + "): the replica is damaged; restore from another replica or an earlier point", e);
            }
            progress.advance(s.size(), 1);
        }
        if (lastCommitSize[0] > 0) {
            db.truncate((long) lastCommitSize[0] * pageSize);
        }
        log.debug("applied WAL index {}/{} up to offset {}", generation, String.format("%08x", index.index()), offset);
    }

    private static WalHeader readHeader(InputStream in, String name, int pageSize) throws IOException {
        WalHeader header;
        try {
            header = WalScanner.readHeader(in);
        } catch (WalFormatException | java.io.EOFException e) {
            throw new RestoreException("WAL segment " + name + " has no valid WAL header (" + e.getMessage()
                    + "): the replica is damaged");
        }
        if (header.pageSize() != pageSize) {
            throw new RestoreException("WAL segment " + name + " has page size " + header.pageSize()
                    + " but the snapshot has " + pageSize + ": it belongs to another database");
        }
        return header;
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            position += ch.write(buf, position);
        }
    }

    private static String integrityCheck(Path db) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(b.isEmpty() ? "" : "; ").append(rs.getString(1));
            }
            return b.toString();
        } catch (SQLException e) {
            throw new RestoreException("restored database cannot be opened: " + e.getMessage(), e);
        }
    }

    private static void deleteScratch(Path tmp) throws IOException {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Files.deleteIfExists(Path.of(tmp + suffix));
        }
    }
}
