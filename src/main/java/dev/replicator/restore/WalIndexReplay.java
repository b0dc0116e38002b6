package dev.replicator.restore;

import static dev.replicator.restore.RestoreMessages.SEGMENT_FIX;
import static dev.replicator.restore.RestoreMessages.damage;
import static dev.replicator.restore.RestoreMessages.detail;

import dev.replicator.SegmentInfo;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.ReplicaException;
import dev.replicator.wal.WalFormatException;
import dev.replicator.wal.WalFrameHeader;
import dev.replicator.wal.WalHeader;
import dev.replicator.wal.WalScanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Replays WAL indexes into the restored file the way a SQLite checkpoint would, but only the pages that no newer
 * index wrote (indexes come newest first; the ledger knows). Each segment must continue the previous one's offset
 * and checksum chain and end on a commit frame, so a gap, a segment from elsewhere or a flipped bit fails the
 * restore, naming the object (T7).
 */
final class WalIndexReplay {

    private static final Logger log = LoggerFactory.getLogger(WalIndexReplay.class);

    private final ReplicaClient client;
    private final DecodePipeline objects;
    private final PageWriter pages;
    private final PageLedger ledger;
    private final int pageSize;
    private final Progress progress;

    /** @param objects hands out the segments' bytes in the order they are replayed */
    WalIndexReplay(ReplicaClient client, DecodePipeline objects, PageWriter pages, PageLedger ledger, int pageSize,
                   Progress progress) {
        this.client = client;
        this.objects = objects;
        this.pages = pages;
        this.ledger = ledger;
        this.pageSize = pageSize;
        this.progress = progress;
    }

    void replay(String generation, RestorePlan.IndexSegments index) throws IOException {
        WalHeader header = null;
        long offset = 0;
        long checksum = 0;
        int lastCommitSize = 0;
        for (SegmentInfo s : index.segments()) {
            String name = RestoreMessages.object(client, s);
            if (s.offset() > offset && header != null) {
                throw new RestoreException(String.format("the replica has a gap in WAL index %s/%08x from offset "
                        + "%08x to %08x: segment %s is missing; %s", generation, s.index(), offset, s.offset(),
                        RestoreMessages.object(client, Keys.walDir(generation) + "/"
                                + Keys.segmentName(s.index(), offset)), SEGMENT_FIX));
            }
            if (s.offset() != offset) {
                throw new RestoreException(String.format("WAL segment %s does not start where the previous one "
                        + "ends (offset %08x): the replica was written by two processes; %s", name, offset,
                        SEGMENT_FIX));
            }
            try (InputStream in = objects.next()) {
                if (header == null) {
                    header = readHeader(in, name);
                    offset = WalHeader.SIZE;
                    checksum = header.checksum();
                }
                WalScanner.Result r = WalScanner.scan(in, header, offset, checksum, (o, frame, len) -> {
                    int page = ByteBuffer.wrap(frame, 0, 4).getInt();
                    if (ledger.writeFrame(page)) {
                        pages.write((long) (page - 1) * pageSize, frame, WalFrameHeader.SIZE, pageSize);
                    }
                });
                if (r.stop() != WalScanner.Stop.END_OF_INPUT || r.commitEnd() != r.scannedEnd()) {
                    throw new RestoreException(String.format("WAL segment %s is corrupt (%s at WAL offset %08x): %s",
                            name, r.stop() == WalScanner.Stop.END_OF_INPUT ? "ends inside a transaction"
                                    : r.stop().name().toLowerCase().replace('_', ' '), r.scannedEnd(), SEGMENT_FIX));
                }
                if (r.commits() > 0) {
                    lastCommitSize = r.lastCommitSize();
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
        pages.flush();
        ledger.endIndex(lastCommitSize);
        log.debug("applied WAL index {}/{} up to offset {}", generation, String.format("%08x", index.index()), offset);
    }

    private WalHeader readHeader(InputStream in, String name) throws IOException {
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
}
