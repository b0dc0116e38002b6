package dev.replicator.db;

import dev.replicator.Pos;

import java.io.InputStream;

/** A database file stream that, replayed with WAL index {@code pos.index()} from offset 0, is consistent. */
public record SnapshotSource(Pos pos, InputStream data) {
}
