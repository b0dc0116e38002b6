package dev.replicator.bench;

/**
 * One committed transaction, identified the way both the writer and the replica see it: the WAL's salt-1 (the raw
 * big-endian bytes 16..19 of the WAL header, also in every frame header and in the wal-index) and the WAL offset just
 * past the transaction's commit frame.
 */
public record CommitPoint(int salt1, long endOffset) {
}
