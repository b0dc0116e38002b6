package dev.replicator.restore;

import dev.replicator.FileProtection;
import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Listings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Picks the replica with the newest backup of a database and restores from it: for restore and replicate. */
public final class BackupRestore {

    /** A replica to restore from, with its listing. */
    public record Choice(BackupSource source, List<GenerationListing> listings, Instant updatedAt) {
    }

    private BackupRestore() {
    }

    /** The replica whose matching generation was updated last, as Litestream picks; empty if none has a backup. */
    public static Optional<Choice> newest(List<BackupSource> candidates, RestoreTarget target) throws IOException {
        Choice best = null;
        for (BackupSource c : candidates) {
            List<GenerationListing> listings = Listings.of(c.client());
            Optional<Instant> updated = listings.stream()
                    .filter(g -> !g.snapshots().isEmpty())
                    .filter(g -> target.generation().isEmpty() || target.generation().get().equals(g.generation()))
                    .flatMap(g -> g.updatedAt().stream())
                    .max(Instant::compareTo);
            if (updated.isPresent() && (best == null || updated.get().isAfter(best.updatedAt()))) {
                best = new Choice(c, listings, updated.get());
            }
        }
        return Optional.ofNullable(best);
    }

    /** Plans and applies the restore of {@code choice} to {@code out}, which must not exist. */
    public static RestorePlan restore(Choice choice, RestoreTarget target, Path out, FileProtection protection,
                                      int parallelism, Progress progress) throws IOException {
        RestorePlan plan = RestorePlanner.plan(choice.listings(), target);
        new PlanApplier(choice.source().client(), choice.source().codec(), parallelism, progress)
                .apply(plan, out, protection);
        return plan;
    }
}
