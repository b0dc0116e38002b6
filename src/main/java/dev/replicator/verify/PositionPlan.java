package dev.replicator.verify;

import dev.replicator.Pos;
import dev.replicator.SegmentInfo;
import dev.replicator.SnapshotInfo;
import dev.replicator.replica.Keys;
import dev.replicator.replica.Codec;
import dev.replicator.replica.ReplicaClient;
import dev.replicator.replica.GenerationListing;
import dev.replicator.replica.Listings;
import dev.replicator.restore.RestoreException;
import dev.replicator.restore.RestorePlan;
import dev.replicator.restore.RestorePlanner;
import dev.replicator.restore.RestoreTarget;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A restore plan that ends exactly at a position where a WAL segment ends. Missing objects are named by their full
 * path or URL: the start of an index before planning, the last segment after it.
 */
final class PositionPlan {

    private PositionPlan() {
    }

    static RestorePlan upTo(ReplicaClient client, Pos pos) throws IOException {
        List<GenerationListing> listings = Listings.of(client);
        GenerationListing gen = listings.stream().filter(g -> g.generation().equals(pos.generation())).findFirst()
                .orElseThrow(() -> new RestoreException("replica has no generation " + pos.generation()
                        + ", which the database is in: it was deleted behind replicator's back; take a snapshot"));
        SnapshotInfo snapshot = gen.snapshots().stream().filter(s -> s.index() <= pos.index())
                .max(Comparator.comparingLong(SnapshotInfo::index))
                .orElseThrow(() -> new RestoreException(String.format("replica has no snapshot of generation %s at "
                        + "or before index %08x: take one with 'replicator snapshot'", pos.generation(), pos.index())));
        for (long index = snapshot.index(); index <= pos.index(); index++) {
            Pos start = new Pos(pos.generation(), index, 0);
            if ((index < pos.index() || pos.offset() > 0)
                    && gen.segments().stream().noneMatch(s -> s.pos().equals(start))) {
                throw missing(client, start, pos);
            }
        }
        RestorePlan full = RestorePlanner.plan(listings,
                new RestoreTarget(Optional.of(pos.generation()), Optional.of(pos.index()), Optional.empty()));
        List<RestorePlan.IndexSegments> indexes = full.indexes().stream()
                .map(i -> i.index() != pos.index() ? i : new RestorePlan.IndexSegments(i.index(),
                        i.segments().stream().filter(s -> s.offset() < pos.offset()).toList()))
                .filter(i -> !i.segments().isEmpty())
                .toList();
        return new RestorePlan(full.generation(), full.snapshot(), indexes);
    }

    /**
     * Fails, naming the missing segment, unless the plan's WAL of {@code pos}'s index ends exactly at it. Checked
     * before the restore: replaying a WAL index only in part onto a snapshot that holds later pages of it gives a
     * malformed database rather than a name. (Only the last index's end is known; for the earlier ones, a lost last
     * segment shows as a failed integrity check or a page difference.)
     */
    static void requireEndsAt(ReplicaClient client, Codec codec, RestorePlan plan, Pos pos) throws IOException {
        Optional<SegmentInfo> last = plan.indexes().stream().filter(i -> i.index() == pos.index())
                .flatMap(i -> i.segments().stream()).max(Comparator.comparingLong(SegmentInfo::offset));
        if (last.isEmpty()) {
            if (pos.offset() > 0) {
                throw missing(client, new Pos(pos.generation(), pos.index(), 0), pos);
            }
            return;
        }
        long end;
        String name = client.location() + "/" + Keys.segment(last.get().pos());
        try (InputStream in = codec.decode(client.openWalSegment(last.get().pos()), name)) {
            end = last.get().offset() + in.transferTo(OutputStream.nullOutputStream());
        } catch (FileNotFoundException e) {
            throw missing(client, last.get().pos(), pos);
        } catch (IOException e) {
            return; // damaged: the restore names it precisely
        }
        if (end < pos.offset()) {
            throw missing(client, new Pos(pos.generation(), pos.index(), end), pos);
        }
    }

    private static RestoreException missing(ReplicaClient client, Pos segment, Pos upTo) {
        return new RestoreException("replica is missing WAL segment " + client.location() + "/" + Keys.segment(segment)
                + " (it should hold the database up to " + upTo + "): take a new snapshot with 'replicator snapshot'"
                + " so that restores do not depend on it");
    }
}
