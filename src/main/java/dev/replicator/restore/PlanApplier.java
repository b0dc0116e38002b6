package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.DurableFiles;
import dev.replicator.replica.Codec;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaException;
import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalFrameHeader;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Carries out a {@link RestorePlan}: the snapshot into {@code <out>.tmp}, each WAL index verified and applied page
 * by page as a checkpoint would, {@code PRAGMA integrity_check}, and only then a rename to {@code <out>} (R5, T7).
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
    private final Codec codec;
    private final int parallelism;
    private final Progress progress;

    public PlanApplier(ReplicaClient client) {
        this(client, 8, Progress.silent());
    }

    public PlanApplier(ReplicaClient client, int parallelism, Progress progress) {
        this(client, Codec.plain(), parallelism, progress);
    }

    /** @param codec decodes the replica's objects (decrypts them when they are age-encrypted) */
    public PlanApplier(ReplicaClient client, Codec codec, int parallelism, Progress progress) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.client = client;
        this.codec = codec;
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
            DurableFiles.fsyncDirectory(out.toAbsolutePath().getParent());
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
            try (InputStream in = codec.decode(client.openSnapshot(plan.generation(), plan.snapshot().index()), name)) {
                in.transferTo(os);
            } catch (ReplicaException e) {
                throw e;
            } catch (IOException e) {
                throw new RestoreException("snapshot " + name + " is " + damage(e) + ": " + SNAPSHOT_FIX, e);
            }
        }
        progress.advance(plan.snapshot().size(), 0);
        byte[] header = new byte[100];
        try (InputStream in = Files.newInputStream(tmp)) {
            if (in.readNBytes(header, 0, 100) < 100 || !Arrays.equals(Arrays.copyOf(header, 16), SQLITE_MAGIC)) {
                throw new RestoreException("snapshot " + name + " is corrupt (not a SQLite database): "
                        + SNAPSHOT_FIX);
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
            String name = object(s);
            if (s.offset() > offset && header != null) {
                throw new RestoreException(String.format("the replica has a gap in WAL index %s/%08x from offset "
                        + "%08x to %08x: segment %s is missing; %s", generation, s.index(), offset, s.offset(),
                        object(Keys.walDir(generation) + "/" + Keys.segmentName(s.index(), offset)), SEGMENT_FIX));
            }
            if (s.offset() != offset) {
                throw new RestoreException(String.format("WAL segment %s does not start where the previous one "
                        + "ends (offset %08x): the replica was written by two processes; %s", name, offset,
                        SEGMENT_FIX));
            }
            try (InputStream in = new BufferedInputStream(codec.decode(prefetch.open(s), name), 1 << 16)) {
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
                    throw new RestoreException(String.format("WAL segment %s is corrupt (%s at WAL offset %08x): %s",
                            name, r.stop() == WalScanner.Stop.END_OF_INPUT ? "ends inside a transaction"
                                    : r.stop().name().toLowerCase().replace('_', ' '), r.scannedEnd(), SEGMENT_FIX));
                }
                if (r.commits() > 0) {
                    lastCommitSize[0] = r.lastCommitSize();
                }
                offset = r.commitEnd();
                checksum = r.commitChecksum();
            } catch (RestoreException | ReplicaException e) {
                throw e;
            } catch (IOException e) {
                throw new RestoreException("WAL segment " + name + " is " + damage(e) + ": " + SEGMENT_FIX, e);
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
        } catch (WalFormatException | EOFException e) {
            throw new RestoreException("WAL segment " + name + " is corrupt (no valid WAL header: " + detail(e)
                    + "): " + SEGMENT_FIX);
        }
        if (header.pageSize() != pageSize) {
            throw new RestoreException("WAL segment " + name + " has page size " + header.pageSize()
                    + " but the snapshot has " + pageSize + ": it belongs to another database");
        }
        return header;
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
