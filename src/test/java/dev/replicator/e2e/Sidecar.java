package dev.replicator.e2e;

import dev.replicator.testing.LitestreamBinary;
import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ProcessResult;
import dev.replicator.testing.ReplicatorProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/** What runs beside the app in one column of the matrix: nothing, replicator (the built jar) or Litestream v0.3.13. */
enum Sidecar {
    NONE("no sidecar"),
    REPLICATOR("replicator"),
    LITESTREAM("Litestream v0.3.13");

    private static final Duration RUN = Duration.ofSeconds(90);

    final String title;

    Sidecar(String title) {
        this.title = title;
    }

    /** Starts replicating {@code db} to the directory {@code replica}; returns once it has taken its snapshot. */
    ManagedProcess start(Path db, Path replica) throws IOException {
        switch (this) {
            case NONE:
                return null;
            case REPLICATOR:
                Path config = E2e.writeConfig(replica.resolveSibling("replicator.yml"), db, null, "file", replica);
                return E2e.startReplicator(config);
            default:
                ManagedProcess p = LitestreamBinary.start("replicate", db.toString(), replica.toUri().toString());
                Awaitility.await("Litestream's first snapshot").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            if (!p.isAlive()) {
                                throw new AssertionError("Litestream exited: " + p.describe());
                            }
                            return listing(replica).stream().anyMatch(f -> f.contains(".snapshot.lz4"));
                        });
                return p;
        }
    }

    /**
     * Stops the sidecar once it has shipped what the app wrote. replicator's SIGTERM runs a final sync and upload
     * (and must exit 0); Litestream v0.3 may skip its final sync, so it is stopped once its replica has been still
     * for two of its sync intervals.
     */
    void stop(ManagedProcess p, Path replica) {
        if (this == REPLICATOR) {
            E2e.stopCleanly(p);
        } else if (this == LITESTREAM) {
            List<List<String>> last = new java.util.ArrayList<>(List.of(List.of()));
            long[] stillSince = {System.nanoTime()};
            Awaitility.await("Litestream's replica at rest").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        List<String> now = listing(replica);
                        if (!now.equals(last.get(0))) {
                            last.set(0, now);
                            stillSince[0] = System.nanoTime();
                        }
                        return System.nanoTime() - stillSince[0] > 2_200_000_000L;
                    });
            p.stop(RUN);
        }
    }

    /** Restores the replica to {@code out} with the same tool; the failure's first line, or null. */
    String restore(Path replica, Path out) {
        ProcessResult r = this == REPLICATOR
                ? ReplicatorProcess.run(RUN, "restore", "-o", out.toString(), "file://" + replica)
                : LitestreamBinary.run(RUN, "restore", "-o", out.toString(), replica.toUri().toString());
        if (r.exitCode() == 0) {
            return null;
        }
        return (r.stderr().strip() + "\nexit " + r.exitCode()).lines().findFirst().orElse("");
    }

    /** Each file below {@code root} with its size, sorted. */
    private static List<String> listing(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(f -> f + " " + f.toFile().length()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("changing: " + e.getMessage()); // a file renamed away while walking
        }
    }
}
