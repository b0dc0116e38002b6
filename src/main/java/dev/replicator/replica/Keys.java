package dev.replicator.replica;

import dev.replicator.Generations;
import dev.replicator.Pos;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Litestream v0.3 object names, relative to a replica root:
 * {@code generations/<gen>/snapshots/<index>.snapshot.lz4} and {@code generations/<gen>/wal/<index>_<offset>.wal.lz4}.
 */
public final class Keys {

    public static final String GENERATIONS = "generations";
    private static final Pattern SNAPSHOT = Pattern.compile("([0-9a-f]{8})\\.snapshot\\.lz4");
    private static final Pattern SEGMENT = Pattern.compile("([0-9a-f]{8})_([0-9a-f]{8})\\.wal\\.lz4");
    private static final Pattern OBJECT_BELOW = Pattern.compile("(.+)/" + GENERATIONS
            + "/[0-9a-f]{16}/(snapshots/[0-9a-f]{8}\\.snapshot|wal/[0-9a-f]{8}_[0-9a-f]{8}\\.wal)\\.lz4");

    private Keys() {
    }

    public static String generationDir(String generation) {
        return GENERATIONS + "/" + Generations.requireValid(generation);
    }

    public static String snapshotsDir(String generation) {
        return generationDir(generation) + "/snapshots";
    }

    public static String walDir(String generation) {
        return generationDir(generation) + "/wal";
    }

    public static String snapshotName(long index) {
        return String.format("%08x.snapshot.lz4", index);
    }

    public static String segmentName(long index, long offset) {
        return String.format("%08x_%08x.wal.lz4", index, offset);
    }

    public static String snapshot(String generation, long index) {
        return snapshotsDir(generation) + "/" + snapshotName(index);
    }

    public static String segment(Pos pos) {
        return walDir(pos.generation()) + "/" + segmentName(pos.index(), pos.offset());
    }

    /**
     * The database a key below a root belongs to: {@code tenants/a.db} for
     * {@code tenants/a.db/generations/<gen>/wal/<index>_<offset>.wal.lz4}; empty for anything else, including the
     * root's own objects.
     */
    public static Optional<String> databaseOf(String keyBelowRoot) {
        Matcher m = OBJECT_BELOW.matcher(keyBelowRoot);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The index of a snapshot file name, or empty if the name is not one. */
    public static Optional<Long> parseSnapshotName(String name) {
        Matcher m = SNAPSHOT.matcher(name);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1), 16)) : Optional.empty();
    }

    /** {index, offset} of a WAL segment file name, or empty if the name is not one. */
    public static Optional<long[]> parseSegmentName(String name) {
        Matcher m = SEGMENT.matcher(name);
        return m.matches()
                ? Optional.of(new long[] {Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)})
                : Optional.empty();
    }
}
