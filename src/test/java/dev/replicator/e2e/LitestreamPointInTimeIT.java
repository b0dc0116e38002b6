package dev.replicator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.replicator.e2e.E2e.Layout;
import dev.replicator.e2e.E2e.S3Replica;
import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;
import dev.replicator.testing.S3ProxyServer;
import dev.replicator.testing.SqliteFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point-in-time interop, both ways, with one {@code litestream.yml} that both tools read as is: replicas on S3
 * (S3Proxy over HTTP) and in a directory, with two generations and several WAL indexes in each, written by
 * Litestream v0.3.13 and listed and restored by replicator, and written by replicator and listed and restored by
 * Litestream; each restored at the latest point, at the end of the first generation, and at a target time inside
 * each generation.
 *
 * <p>A second generation is forced as a user would: stop the tool, {@code PRAGMA wal_checkpoint(TRUNCATE)} from the
 * app, write, start the tool again. Rows are stamped with their commit time; at a target T a restore must hold every
 * row committed by T minus {@link #GRANULARITY} and none committed after T. Targets are chosen one millisecond before
 * a whole second, so that S3's whole-second LastModified cannot let a later object in.
 */
class LitestreamPointInTimeIT {

    /**
     * How long a committed row may take to be in storage: monitor-interval (200ms) plus sync-interval (200ms) plus
     * the upload, with room for a loaded CI machine.
     */
    static final Duration GRANULARITY = Duration.ofSeconds(2);

    @RegisterExtension
    static final S3ProxyServer S3 = S3ProxyServer.perClass();

    private static final List<String> REPLICAS = List.of("s3", "file");

    @TempDir
    Path dir;

    /** Credentials reach both tools through ${VAR} references in the config, as a user would keep them. */
    private static Map<String, String> env() {
        return Map.of("INTEROP_ACCESS_KEY_ID", S3.accessKey(), "INTEROP_SECRET_ACCESS_KEY", S3.secretKey());
    }

    @Test
    void replicatorListsAndRestoresLitestreamsS3AndFileReplicasAtAnyPoint() throws Exception {
        S3Replica s3 = new S3Replica("s3", S3, S3.createBucket(), "litestream/app");
        Path db = dir.resolve("app.db");
        Path yml = litestreamYml(db, s3);
        try (StampedRows app = new StampedRows(db)) {
            History history = write(app, s3,
                    () -> LitestreamBinary.start(env(), "replicate", "-config", yml.toString()),
                    tool -> assertThat(tool.stop(E2e.PROCESS_TIMEOUT)).as(tool.describe()).isZero());
            E2e.step("pit: Litestream wrote two generations");
            replicatorRestores(yml, db, history);
        }
    }

    private void replicatorRestores(Path yml, Path db, History history) throws Exception {
        // replicator lists what Litestream lists, read from the same litestream.yml.
        assertSameListing(yml, db);
        for (String replica : REPLICAS) {
            Path latest = dir.resolve(replica + "-latest.db");
            E2e.replicator(env(), "restore", "-config", yml.toString(), "-replica", replica, "-o", latest.toString(),
                    db.toString());
            SqliteFiles.assertSameContent(db, latest);
            Path firstGeneration = dir.resolve(replica + "-generation-1.db");
            E2e.replicator(env(), "restore", "-config", yml.toString(), "-replica", replica,
                    "-generation", history.generations().get(0), "-o", firstGeneration.toString(), db.toString());
            assertThat(StampedRows.rows(firstGeneration)).isEqualTo(history.atEndOfFirstGeneration());
            for (Instant target : history.targets()) {
                Path out = dir.resolve(replica + "-at-" + target.toEpochMilli() + ".db");
                E2e.replicator(env(), "restore", "-config", yml.toString(), "-replica", replica,
                        "-timestamp", target.toString(), "-o", out.toString(), db.toString());
                history.app().assertRestoredAt(out, target, GRANULARITY);
            }
            E2e.step("pit: replicator restored Litestream's " + replica + " replica at every point");
        }
    }

    @Test
    void litestreamListsAndRestoresReplicatorsS3AndFileReplicasAtAnyPoint() throws Exception {
        S3Replica s3 = new S3Replica("s3", S3, S3.createBucket(), "replicator/app");
        Path db = dir.resolve("app.db");
        Path yml = litestreamYml(db, s3);
        try (StampedRows app = new StampedRows(db)) {
            History history = write(app, s3, () -> {
                ManagedProcess p = ReplicatorProcess.start(env(), "replicate", "-config", yml.toString());
                E2e.awaitLog(p, "replicating db=");
                return p;
            }, E2e::stopCleanly);
            E2e.step("pit: replicator wrote two generations");
            litestreamRestores(yml, db, history);
        }
    }

    private void litestreamRestores(Path yml, Path db, History history) throws Exception {
        assertSameListing(yml, db);
        for (String replica : REPLICAS) {
            Path latest = dir.resolve(replica + "-latest.db");
            litestream("restore", "-config", yml.toString(), "-replica", replica, "-o", latest.toString(),
                    db.toString());
            SqliteFiles.assertSameContent(db, latest);
            Path firstGeneration = dir.resolve(replica + "-generation-1.db");
            litestream("restore", "-config", yml.toString(), "-replica", replica,
                    "-generation", history.generations().get(0), "-o", firstGeneration.toString(), db.toString());
            assertThat(StampedRows.rows(firstGeneration)).isEqualTo(history.atEndOfFirstGeneration());
            for (Instant target : history.targets()) {
                Path out = dir.resolve(replica + "-at-" + target.toEpochMilli() + ".db");
                litestream("restore", "-config", yml.toString(), "-replica", replica, "-timestamp",
                        target.toString(), "-o", out.toString(), db.toString());
                history.app().assertRestoredAt(out, target, GRANULARITY);
            }
            E2e.step("pit: Litestream restored replicator's " + replica + " replica at every point");
        }
    }

    /** What the app wrote: the generations in order, the rows when the first ended, a target in each. */
    record History(StampedRows app, List<String> generations, List<StampedRows.Row> atEndOfFirstGeneration,
                   List<Instant> targets) {
    }

    @FunctionalInterface
    interface Starter {
        ManagedProcess start() throws Exception;
    }

    /**
     * Two generations of a replicating tool, each with several WAL indexes and a target time in the middle: start,
     * write, move to the next WAL index, write around a target, move to the next index, write, stop; then a
     * checkpoint and rows the tool does not see, so that the next start cannot continue the history.
     */
    private History write(StampedRows app, S3Replica s3, Starter starter, Consumer<ManagedProcess> stopper)
            throws Exception {
        List<String> generations = new ArrayList<>();
        List<Instant> targets = new ArrayList<>();
        List<StampedRows.Row> atEndOfFirst = null;
        for (int g = 0; g < 2; g++) {
            try (ManagedProcess tool = starter.start()) {
                String generation = awaitNewGeneration(tool, s3, generations);
                generations.add(generation);
                app.writeFor(Duration.ofMillis(800));
                moveToNextIndex(app, tool, s3, generation);
                targets.add(app.writeAroundTarget(Duration.ofSeconds(3)));
                moveToNextIndex(app, tool, s3, generation);
                app.writeFor(Duration.ofMillis(500));
                stopper.accept(tool);
            }
            E2e.step("pit: generation " + generations.get(g) + " written, WAL "
                    + E2e.assertLayout("replica", s3.keys()).wal().get(generations.get(g)).keySet());
            if (g == 0) {
                atEndOfFirst = StampedRows.rows(app.db());
                app.checkpointTruncate();
                app.writeFor(Duration.ofMillis(300));
            }
        }
        for (Layout layout : List.of(E2e.assertLayout("S3 replica", s3.keys()),
                E2e.assertLayout("file replica", E2e.fileKeys(fileReplica())))) {
            assertThat(layout.generations()).containsExactlyInAnyOrderElementsOf(generations);
            for (String generation : generations) {
                assertThat(layout.walIndexes(generation)).as("WAL indexes of %s", generation)
                        .hasSizeGreaterThanOrEqualTo(3);
            }
        }
        return new History(app, generations, atEndOfFirst, targets);
    }

    /** Waits for the snapshot of a generation not in {@code known} and returns its name. */
    private static String awaitNewGeneration(ManagedProcess tool, S3Replica s3, List<String> known) {
        String[] found = new String[1];
        org.awaitility.Awaitility.await("a new generation's snapshot").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!tool.isAlive()) {
                        throw new AssertionError("exited: " + tool.describe());
                    }
                    for (String key : s3.keys()) {
                        var m = E2e.SNAPSHOT_KEY.matcher(key);
                        if (m.matches() && !known.contains(m.group(1))) {
                            found[0] = m.group(1);
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    /** A big transaction, then slow writes until the tool has shipped a segment of a later WAL index. */
    private static void moveToNextIndex(StampedRows app, ManagedProcess tool, S3Replica s3, String generation)
            throws Exception {
        long before = maxIndex(s3, generation);
        app.bigTransaction();
        app.writeSlowlyUntil("WAL index " + (before + 1) + " of " + generation, () -> {
            if (!tool.isAlive()) {
                throw new AssertionError("exited: " + tool.describe());
            }
            return maxIndex(s3, generation) > before;
        });
    }

    private static long maxIndex(S3Replica s3, String generation) {
        long max = -1;
        for (String key : s3.keys()) {
            var m = E2e.WAL_KEY.matcher(key);
            if (m.matches() && m.group(1).equals(generation)) {
                max = Math.max(max, Long.parseLong(m.group(2), 16));
            }
        }
        return max;
    }

    /** Generations, snapshots and WAL segments as each tool lists them (decimal or hex indexes alike) agree. */
    private void assertSameListing(Path yml, Path db) {
        String[] args = {"-config", yml.toString(), db.toString()};
        for (String command : List.of("generations", "snapshots", "wal")) {
            ProcessResult ours = E2e.replicator(env(), concat(command, args));
            ProcessResult theirs = litestream(concat(command, args));
            Set<String> a = listing(command, ours.stdout(), 16);
            Set<String> b = listing(command, theirs.stdout(), 10);
            assertThat(a).as("replicator %s:%n%s%nlitestream %s:%n%s", command, ours.stdout(), command,
                    theirs.stdout()).isEqualTo(b).isNotEmpty();
        }
        E2e.step("pit: generations, snapshots and wal listings agree");
    }

    /**
     * The rows of a listing reduced to what both tools print alike: replica, generation, index and offset as
     * numbers, size, and the creation time to the second (generations: the name only, since lag changes).
     */
    private static Set<String> listing(String command, String stdout, int radix) {
        Set<String> rows = new TreeSet<>();
        for (String line : stdout.lines().skip(1).toList()) {
            String[] c = line.trim().split("\\s+");
            rows.add(switch (command) {
                case "generations" -> c[0] + " " + c[1];
                case "snapshots" -> c[0] + " " + c[1] + " " + Long.parseLong(c[2], radix) + " " + c[3] + " "
                        + second(c[4]);
                default -> c[0] + " " + c[1] + " " + Long.parseLong(c[2], radix) + " " + Long.parseLong(c[3], radix)
                        + " " + c[4] + " " + second(c[5]);
            });
        }
        return rows;
    }

    private static String second(String time) {
        return Instant.parse(time).getEpochSecond() + "s";
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static ProcessResult litestream(String... args) {
        ProcessResult r = LitestreamBinary.run(E2e.PROCESS_TIMEOUT, env(), args);
        assertThat(r.exitCode()).as("litestream %s: %s", String.join(" ", args), r.describe()).isZero();
        return r;
    }

    private Path fileReplica() {
        return dir.resolve("file-replica");
    }

    /**
     * A Litestream v0.3.13 config with nothing but Litestream's keys, many of them, as a user may have one: the
     * database replicated to S3 and to a directory.
     */
    private Path litestreamYml(Path db, S3Replica s3) throws IOException {
        return Files.writeString(dir.resolve("litestream.yml"), """
                # Litestream v0.3.13's keys only: both tools read this file as it is.
                access-key-id: ${INTEROP_ACCESS_KEY_ID}
                secret-access-key: ${INTEROP_SECRET_ACCESS_KEY}
                logging:
                  level: info
                  type: text
                  stderr: true
                dbs:
                  - path: %s
                    meta-path: %s
                    monitor-interval: 200ms
                    checkpoint-interval: 1m
                    min-checkpoint-page-count: 1000
                    max-checkpoint-page-count: 10000
                    replicas:
                      - name: s3
                        type: s3
                        bucket: %s
                        path: %s
                        endpoint: %s
                        region: %s
                        force-path-style: true
                        skip-verify: false
                        sync-interval: 200ms
                        snapshot-interval: 24h
                        retention: 24h
                        retention-check-interval: 1h
                      - name: file
                        type: file
                        path: %s
                        sync-interval: 200ms
                """.formatted(db.toAbsolutePath(), dir.resolve("litestream-meta").toAbsolutePath(), s3.bucket(),
                s3.prefix(), S3.endpoint(), S3.region(), fileReplica().toAbsolutePath()));
    }
}
