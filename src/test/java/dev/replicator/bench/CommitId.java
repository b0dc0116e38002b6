package dev.replicator.bench;

/** A commit of one database as replicated to one bucket. */
public record CommitId(String bucket, String database, CommitPoint point) {
}
