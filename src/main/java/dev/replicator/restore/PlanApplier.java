package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.db.AtomicFiles;
import dev.replicator.replica.Keys;
import dev.replicator.replica.Lz4;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaException;
import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;
import net.jpountz.lz4.LZ4Exception;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
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
import java.util.regex.Pattern;

/**
 * Carries out a {@link RestorePlan}: the snapshot into {@code <out>.tmp}, each WAL index verified in full and then
 * checkpointed into it by SQLite, {@code PRAGMA integrity_check}, and only then a rename to {@code <out>} (R5, T7).
 * On any failure nothing is left at {@code <out>}.
 */
public final class PlanApplier {

    private static final Logger log = LoggerFactory.getLogger(PlanApplier.class);
    private static final String SEGMENT_FIX =
            "restore to an earlier point with -timestamp, or from another replica";
    private static final String SNAPSHOT_FIX =
            "restore another generation with -generation, or from another replica";
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");
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
        String name = object(Keys.snapshot(plan.generation(), plan.snapshot().index()));
        try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try (InputStream in = Lz4.decompress(client.openSnapshot(plan.generation(), plan.snapshot().index()))) {
                in.transferTo(os);
            } catch (ReplicaException e) {
                throw e;
            } catch (IOException e) {
                throw new RestoreException("snapshot " + name + " is " + damage(e) + ": " + SNAPSHOT_FIX, e);
            }
        }
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(tmp)) {
            if (in.readNBytes(header, 0, 100) < 100 || !Arrays.equals(Arrays.copyOf(header, 16), SQLITE_MAGIC)) {
                throw new RestoreException("snapshot " + name + " is corrupt (not a SQLite database): "
                        + SNAPSHOT_FIX);
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
                if (s.offset() > written) {
                    throw new RestoreException(String.format("the replica has a gap in WAL index %s/%08x from "
                            + "offset %08x to %08x: segment %s is missing; %s", generation, s.index(), written,
                            s.offset(), object(Keys.walDir(generation) + "/" + Keys.segmentName(s.index(), written)),
                            SEGMENT_FIX));
                }
                if (s.offset() < written) {
                    throw new RestoreException(String.format("WAL segment %s overlaps the previous one, which ends "
                            + "at offset %08x: the replica was written by two processes; %s", object(s), written,
                            SEGMENT_FIX));
                }
                try (InputStream in = Lz4.decompress(client.openWalSegment(s.pos()))) {
                    written += in.transferTo(os);
                } catch (ReplicaException e) {
                    throw e;
                } catch (IOException e) {
                    throw new RestoreException("WAL segment " + object(s) + " is " + damage(e) + ": " + SEGMENT_FIX,
                            e);
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
            } catch (WalFormatException | EOFException e) {
                throw new RestoreException("WAL segment " + object(index.segments().get(0)) + " is corrupt (no "
                        + "valid WAL header: " + detail(e) + "): " + SEGMENT_FIX);
            }
            if (header.pageSize() != pageSize) {
                throw new RestoreException("WAL index " + name + " has page size " + header.pageSize()
                        + " but the snapshot has " + pageSize + ": the segment belongs to another database");
            }
            WalScanner.Result r = WalScanner.scan(in, header, WalHeader.SIZE, header.checksum(), (o, f, l) -> { });
            if (r.commitEnd() != size) {
                throw new RestoreException(String.format("WAL segment %s is corrupt (%s at WAL offset %08x): %s",
                        object(segmentAt(index, r.scannedEnd())), r.stop().name().toLowerCase().replace('_', ' '),
                        r.scannedEnd(), SEGMENT_FIX));
            }
            return (size - WalHeader.SIZE) / header.frameSize();
        }
    }

    private static SegmentInfo segmentAt(RestorePlan.IndexSegments index, long offset) {
        SegmentInfo hit = index.segments().get(0);
        for (SegmentInfo s : index.segments()) {
            if (s.offset() <= offset) {
                hit = s;
            }
        }
        return hit;
    }

    /** Where an object lives, as the user can look it up: a file path or an s3:// URL. */
    private String object(String key) {
        return client.location() + "/" + key;
    }

    private String object(SegmentInfo s) {
        return object(Keys.segment(s.pos()));
    }

    /** What is wrong with an object that failed to download or decompress, without exception class names. */
    static String damage(IOException e) {
        if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) {
            return "gone (deleted since the replica was listed)";
        }
        String detail = detail(e);
        if (e instanceof EOFException || detail.contains("ended prematurely")) {
            return "truncated (" + detail + ")";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LZ4Exception) {
                return "corrupt (" + detail + ")";
            }
        }
        if (detail.contains("checksum") || detail.contains("corrupt") || detail.contains("magic")) {
            return "corrupt (" + detail + ")";
        }
        return "unreadable (" + detail + ")";
    }

    /** The message of {@code e} with any leading "some.package.SomeException: " removed, starting lower case. */
    private static String detail(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip().replaceAll("\\s+", " ");
        while (CLASS_PREFIX.matcher(m).find()) {
            m = CLASS_PREFIX.matcher(m).replaceFirst("");
        }
        return m.isEmpty() ? "no detail" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
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
                        + "frames=%d of %d): the replica is damaged; %s", generation, index, busy, checkpointed,
                        frames, SEGMENT_FIX));
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
