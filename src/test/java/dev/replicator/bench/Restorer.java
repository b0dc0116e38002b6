package dev.replicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Times {@code TOOL restore -config CONFIG -o OUT DB} and checks that OUT holds as many rows as DB. */
public final class Restorer {

    private Restorer() {
    }

    public static RestoreResult restore(Tool tool, Tool.Paths paths, Path config, Path db, Path out, Path log)
            throws IOException, InterruptedException {
        Files.deleteIfExists(out);
        ProcessBuilder pb = new ProcessBuilder(tool.command(paths, "restore", "-config", config.toString(),
                "-o", out.toString(), db.toString())).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("REPLICATOR_JAR", paths.jar().toString());
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(tool.label() + " restore did not finish in 10 minutes; see " + log);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (p.exitValue() != 0) {
            System.err.println("bench: " + tool.label() + " restore exited " + p.exitValue() + "; see " + log);
            return new RestoreResult(seconds, 0, false);
        }
        long expected = Databases.rows(db);
        return new RestoreResult(seconds, Files.size(out), expected >= 0 && Databases.rows(out) == expected);
    }
}
