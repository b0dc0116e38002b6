package dev.replicator.cli;

import dev.replicator.SnapshotInfo;
import dev.replicator.restore.BackupSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code replicator snapshots}: every snapshot of a database's replicas. */
@Command(name = "snapshots", description = "List snapshots of a database's replicas, or of a replica URL.")
final class SnapshotsCommand implements Callable<Integer> {

    @Mixin
    SourceOptions from;

    @Override
    public Integer call() throws IOException {
        Table table = new Table("replica", "generation", "index", "size", "created");
        for (BackupSource t : from.targets().replicas()) {
            for (String gen : t.client().generations()) {
                for (SnapshotInfo s : t.client().snapshots(gen)) {
                    table.add(t.name(), gen, String.format("%08x", s.index()), s.size(), s.createdAt());
                }
            }
        }
        table.print(System.out);
        return ExitCodes.OK;
    }
}
