package dev.replicator.replica;

import dev.replicator.Pos;
import dev.replicator.SnapshotInfo;

import java.util.Optional;

/** A snapshot this process uploaded, and the database's position just before it was taken. */
public record TakenSnapshot(SnapshotInfo info, Optional<Pos> dbPosition) {
}
