package dev.replicator.restore;

import dev.replicator.replica.Codec;
import dev.replicator.replica.ReplicaClient;

/** A replica to read backups from: its name, its storage and the codec its objects are written with. */
public record BackupSource(String name, ReplicaClient client, Codec codec) {
}
