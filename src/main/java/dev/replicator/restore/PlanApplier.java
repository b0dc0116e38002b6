package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.db.AtomicFiles;
import dev.replicator.replica.Lz4;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.List;

/**
 * Carries out a {@link RestorePlan}: the snapshot into {@code <out>.tmp}, each WAL index verified in full and then
 * checkpointed into it by SQLite, {@code PRAGMA integrity_check}, and only then a rename to {@code <out>} (R5, T7).
 * On any failure nothing is left at {@code <out>}.
 */
public final class PlanApplier {

    private static final Logger log = LoggerFactory.getLogger(PlanApplier.class);
    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final ReplicaClient client;

    public PlanApplier(ReplicaClient client) {
        this.client = client;
    }

    public void apply(RestorePlan plan, Path out) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Path wal = Path.of(tmp + "-wal");
        deleteScratch(tmp);
        boolean done = false;
        try {
            int pageSize = restoreSnapshot(plan, tmp);
            for (RestorePlan.IndexSegments index : plan.indexes()) {
                long frames = downloadIndex(plan.generation(), index, wal, pageSize);
                checkpoint(tmp, plan.generation(), index.index(), frames);
            }
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
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(tmp)) {
            if (in.readNBytes(header, 0, 100) < 100 || !Arrays.equals(Arrays.copyOf(header, 16), SQLITE_MAGIC)) {
                throw new RestoreException("snapshot " + name + " is not a SQLite database");
            }
        }
        int pageSize = ((header[16] & 0xFF) << 8) | (header[17] & 0xFF);
        if (pageSize == 1) {
            pageSize = 65536;
        }
        try (var ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return pageSize;
    }

    /** Writes one WAL index to {@code wal}, checking contiguity, checksums and that it ends on a commit. */
    private long downloadIndex(String generation, RestorePlan.IndexSegments index, Path wal, int pageSize)
            throws IOException {
        List<SegmentInfo> segments = index.segments();
        try (OutputStream os = Files.newOutputStream(wal, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long written = 0;
            for (SegmentInfo s : segments) {
                if (s.offset() != written) {
                    throw new RestoreException(String.format("WAL segment %s/%08x_%08x does not continue the "
                            + "previous one (which ends at %d): the replica has a gap", generation, s.index(),
                            s.offset(), written));
                }
                try (InputStream in = Lz4.decompress(client.openWalSegment(s.pos()))) {
                    written += in.transferTo(os);
                } catch (RestoreException e) {
                    throw e;
                } catch (IOException e) {
                    throw new RestoreException(String.format("WAL segment %s/%08x_%08x is unreadable (%s): the "
                            + "replica is damaged", generation, s.index(), s.offset(), e.getMessage()), e);
                }
            }
        }
        return verifyWal(generation, index, wal, pageSize);
    }

    private long verifyWal(String generation, RestorePlan.IndexSegments index, Path wal, int pageSize)
            throws IOException {
        String name = String.format("%s/%08x", generation, index.index());
        long size = Files.size(wal);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(wal), 1 << 16)) {
            WalHeader header;
            try {
                header = WalScanner.readHeader(in);
            } catch (WalFormatException | java.io.EOFException e) {
                throw new RestoreException("WAL index " + name + " has no valid header (" + e.getMessage()
                        + "): the replica is damaged");
            }
            if (header.pageSize() != pageSize) {
                throw new RestoreException("WAL index " + name + " has page size " + header.pageSize()
                        + " but the snapshot has " + pageSize + ": the segment belongs to another database");
            }
            WalScanner.Result r = WalScanner.scan(in, header, WalHeader.SIZE, header.checksum(), (o, f, l) -> { });
            if (r.commitEnd() != size) {
                throw new RestoreException(String.format("WAL index %s is damaged at offset %d (%s) in segment "
                        + "%s: restore to an earlier point, or from another replica", name, r.scannedEnd(),
                        r.stop().name().toLowerCase().replace('_', ' '), segmentAt(index, r.scannedEnd())));
            }
            return (size - WalHeader.SIZE) / header.frameSize();
        }
    }

    private static String segmentAt(RestorePlan.IndexSegments index, long offset) {
        SegmentInfo hit = index.segments().get(0);
        for (SegmentInfo s : index.segments()) {
            if (s.offset() <= offset) {
                hit = s;
            }
        }
        return String.format("%08x_%08x.wal.lz4", hit.index(), hit.offset());
    }

    private void checkpoint(Path tmp, String generation, long index, long frames) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            int busy = rs.getInt(1);
            int log = rs.getInt(2);
            int checkpointed = rs.getInt(3);
            boolean complete = busy == 0 && (frames == 0 || (log == frames && checkpointed == frames))
                    || busy == 0 && log == 0 && checkpointed == 0 && frames > 0 && truncated(tmp);
            if (!complete) {
                throw new RestoreException(String.format("replaying WAL index %s/%08x stopped short (busy=%d, "
                        + "frames=%d of %d): the replica is damaged", generation, index, busy, checkpointed, frames));
            }
        } catch (SQLException e) {
            throw new RestoreException(String.format("replaying WAL index %s/%08x failed: %s", generation, index,
                    e.getMessage()), e);
        }
        Files.deleteIfExists(Path.of(tmp + "-wal"));
        Files.deleteIfExists(Path.of(tmp + "-shm"));
        log.debug("applied WAL index {}/{} ({} frames)", generation, String.format("%08x", index), frames);
    }

    // TRUNCATE reports (0, 0, 0) when it already truncated the WAL it fully checkpointed.
    private static boolean truncated(Path tmp) throws IOException {
        Path wal = Path.of(tmp + "-wal");
        return !Files.exists(wal) || Files.size(wal) == 0;
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
