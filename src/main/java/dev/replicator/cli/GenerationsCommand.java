package dev.replicator.cli;

import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Listings;
import dev.replicator.restore.BackupSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code replicator generations}: each generation of each replica and the time range it can restore. */
@Command(name = "generations", description = "List generations of a database's replicas, or of a replica URL.")
final class GenerationsCommand implements Callable<Integer> {

    @Mixin
    SourceOptions from;

    @Override
    public Integer call() throws IOException {
        Table table = new Table("name", "generation", "lag", "start", "end");
        Instant now = Instant.now();
        for (BackupSource t : from.targets().replicas()) {
            for (GenerationListing g : Listings.of(t.client())) {
                Instant end = g.updatedAt().orElse(null);
                table.add(t.name(), g.generation(),
                        end == null ? "-" : formatLag(Duration.between(end, now)),
                        g.createdAt().map(Instant::toString).orElse("-"),
                        end == null ? "-" : end.toString());
            }
        }
        table.print(System.out);
        return ExitCodes.OK;
    }

    static String formatLag(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s < 60 ? s + "s" : s < 3600 ? (s / 60) + "m" + (s % 60) + "s" : (s / 3600) + "h" + (s % 3600 / 60) + "m";
    }
}
