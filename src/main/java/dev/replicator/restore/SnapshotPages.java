package dev.replicator.restore;

import static dev.replicator.restore.RestoreMessages.SNAPSHOT_FIX;
import static dev.replicator.restore.RestoreMessages.damage;

import dev.replicator.replica.ReplicaException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The snapshot's part of a restore: its page size, read first, and at the end its pages that no WAL index replaced
 * or cut away, written in runs.
 */
final class SnapshotPages {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int CHUNK = 1 << 20;

    private SnapshotPages() {
    }

    /**
     * Reads the start of the snapshot, so that a snapshot that cannot be decrypted or is no SQLite database fails the
     * restore first, by name; returns its page size, which every WAL segment must have.
     *
     * @param decoded opens the snapshot's decoded bytes
     */
    static int probe(DecodePipeline.Source decoded, String name) throws IOException {
        try (InputStream in = decoded.open()) {
            byte[] header = in.readNBytes(100);
            return pageSize(header, header.length, name);
        } catch (RestoreException | ReplicaException e) {
            throw e;
        } catch (IOException e) {
            throw new RestoreException("snapshot " + name + " is " + damage(e) + ": " + SNAPSHOT_FIX, e);
        }
    }

    /**
     * Writes the pages the ledger keeps of the whole snapshot, which must have {@code pageSize}; returns its length.
     *
     * @param decoded the snapshot's decoded bytes, closed here
     */
    static long write(InputStream decoded, String name, int pageSize, PageWriter pages, PageLedger ledger)
            throws IOException {
        byte[] chunk = new byte[CHUNK];
        long length = 0;
        try (InputStream in = decoded) {
            while (true) {
                int n = in.readNBytes(chunk, 0, CHUNK);
                if (length == 0 && pageSize(chunk, n, name) != pageSize) {
                    throw new RestoreException("snapshot " + name + " changed during the restore: restore again");
                }
                if (n == 0) {
                    break;
                }
                writeRuns(pages, chunk, n, length, pageSize, ledger);
                length += n;
                if (n < CHUNK) {
                    break;
                }
            }
        } catch (RestoreException | ReplicaException e) {
            throw e;
        } catch (IOException e) {
            throw new RestoreException("snapshot " + name + " is " + damage(e) + ": " + SNAPSHOT_FIX, e);
        }
        pages.flush();
        return length;
    }

    /** The page size in the SQLite header at the start of a snapshot. */
    private static int pageSize(byte[] start, int n, String name) throws RestoreException {
        if (n < 100 || !Arrays.equals(Arrays.copyOf(start, 16), SQLITE_MAGIC)) {
            throw new RestoreException("snapshot " + name + " is corrupt (not a SQLite database): " + SNAPSHOT_FIX);
        }
        int stored = ((start[16] & 0xFF) << 8) | (start[17] & 0xFF);
        int pageSize = stored == 1 ? 65536 : stored;
        if (pageSize < 512 || Integer.bitCount(pageSize) != 1) {
            throw new RestoreException("snapshot " + name + " is corrupt (page size " + stored
                    + " in its database header): " + SNAPSHOT_FIX);
        }
        return pageSize;
    }

    /** Writes the pages of {@code chunk} (at byte {@code start} of the snapshot) that the ledger keeps. */
    private static void writeRuns(PageWriter pages, byte[] chunk, int n, long start, int pageSize, PageLedger ledger)
            throws IOException {
        int runStart = -1;
        for (int off = 0; off < n; off += pageSize) {
            boolean keep = ledger.writeSnapshotPage((start + off) / pageSize + 1);
            if (keep && runStart < 0) {
                runStart = off;
            } else if (!keep && runStart >= 0) {
                pages.write(start + runStart, chunk, runStart, off - runStart);
                runStart = -1;
            }
        }
        if (runStart >= 0) {
            pages.write(start + runStart, chunk, runStart, n - runStart);
        }
    }
}
