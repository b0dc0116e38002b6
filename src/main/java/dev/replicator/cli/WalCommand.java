package dev.replicator.cli;

import dev.replicator.SegmentInfo;
import dev.replicator.restore.BackupSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code replicator wal}: every WAL segment of a database's replicas. */
@Command(name = "wal", description = "List WAL segments of a database's replicas, or of a replica URL.")
final class WalCommand implements Callable<Integer> {

    @Mixin
    SourceOptions from;

    @Option(names = "-generation", paramLabel = "GEN", description = "Only this generation.")
    String generation;

    @Override
    public Integer call() throws IOException {
        Table table = new Table("replica", "generation", "index", "offset", "size", "created");
        for (BackupSource t : from.targets().replicas()) {
            for (String gen : t.client().generations()) {
                if (generation != null && !generation.equals(gen)) {
                    continue;
                }
                for (SegmentInfo s : t.client().walSegments(gen)) {
                    table.add(t.name(), gen, String.format("%08x", s.index()), String.format("%08x", s.offset()),
                            s.size(), s.createdAt());
                }
            }
        }
        table.print(System.out);
        return ExitCodes.OK;
    }
}
