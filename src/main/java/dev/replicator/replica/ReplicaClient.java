package dev.replicator.replica;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;

/**
 * Moves already-compressed bytes to and from one replica root. Keys follow Litestream v0.3's layout
 * ({@link Keys}); compression and encryption happen before bytes reach a client.
 *
 * <p>A {@code write} returns only after the storage acknowledged the whole object; on any failure it throws
 * and leaves no object under the final key. Listings are sorted by index, then offset.
 */
public interface ReplicaClient extends AutoCloseable {

    /** "file" or "s3". */
    String type();

    /** Human-readable root, e.g. {@code s3://bucket/path} or {@code /var/backups/db}; never contains secrets. */
    String location();

    /** Generation names present in the replica, sorted. */
    List<String> generations() throws IOException;

    List<SnapshotInfo> snapshots(String generation) throws IOException;

    List<SegmentInfo> walSegments(String generation) throws IOException;

    SnapshotInfo writeSnapshot(String generation, long index, InputStream compressed) throws IOException;

    SegmentInfo writeWalSegment(Pos pos, InputStream compressed) throws IOException;

    /** @throws java.io.FileNotFoundException if the snapshot does not exist */
    InputStream openSnapshot(String generation, long index) throws IOException;

    /** @throws java.io.FileNotFoundException if the segment does not exist */
    InputStream openWalSegment(Pos pos) throws IOException;

    void deleteSnapshot(String generation, long index) throws IOException;

    void deleteWalSegments(Collection<Pos> positions) throws IOException;

    void deleteGeneration(String generation) throws IOException;

    /**
     * The replica {@code relativePath} ('/'-separated) below this one's root, sharing its connections: the replica of
     * one database found under a {@code dir:} entry. Closing it leaves this one open.
     */
    ReplicaClient under(String relativePath);

    /**
     * The relative paths ('/'-separated, sorted) below this root that hold objects of a database's replica, such as
     * {@code tenants/a.db}: what a {@code dir:} entry replicated here, whether or not the files still exist locally.
     */
    List<String> databasesBelow() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
