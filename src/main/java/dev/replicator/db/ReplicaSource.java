package dev.replicator.db;

import dev.replicator.Pos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What a replica reads from the database it ships: the replicated position, the shadow WAL files and snapshots. */
public interface ReplicaSource {

    Path path();

    Clock clock();

    /** The position up to which the shadow WAL holds whole transactions, or empty before the first sync. */
    Optional<Pos> position();

    /** Called (on the syncing thread) after every sync that moved the position. Must not block. */
    void addListener(Runnable listener);

    /** Lets a replica say how far it has uploaded, so shadow WAL files it still needs are kept. */
    void addReplicaProgress(Supplier<Optional<Pos>> progress);

    /** Reads the database file for a snapshot. Checkpoints wait until the returned stream is closed. */
    SnapshotSource openSnapshot() throws IOException;

    /** The shadow WAL file for an index, for replicas to upload from. */
    Path shadowPath(String gen, long idx);

    /** Local generations that still hold shadow WAL, oldest first, the current one last. */
    List<String> localGenerations() throws IOException;

    /** Shadow WAL indexes present for a generation, ascending. */
    List<Long> shadowIndexes(String gen) throws IOException;
}
