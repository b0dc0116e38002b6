package dev.replicator.restore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A JVM that exits while SQLite's library is still loading in the background prints nothing about it. */
class SqliteWarmUpTest {

    private static final int RUNS = 12;

    @TempDir
    Path dir;

    @Test
    void exitingWhileTheLibraryIsExtractedLogsNothing() throws Exception {
        for (int run = 0; run < RUNS; run++) {
            Path tmp = Files.createDirectories(dir.resolve("tmp" + run));
            Path output = dir.resolve("out" + run);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dorg.sqlite.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                    ExitDuringWarmUp.class.getName(), tmp.toString())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(printed).isEqualTo(ExitDuringWarmUp.EXIT);
            assertThat(printed).as("run %d", run).isEmpty();
        }
    }

    /**
     * Starts the warm-up and exits as soon as sqlite-jdbc has written its library to {@code args[0]} and marked it
     * executable: it has asked for it to be deleted on exit by then, and is about to check and load it.
     */
    static final class ExitDuringWarmUp {

        static final int EXIT = 3;

        public static void main(String[] args) throws IOException {
            Path tmp = Path.of(args[0]);
            SqliteWarmUp.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!extracting(tmp) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(100_000);
            }
            System.exit(EXIT);
        }

        private static boolean extracting(Path tmp) throws IOException {
            try (Stream<Path> files = Files.list(tmp)) {
                return files.anyMatch(p -> !p.toString().endsWith(".lck") && Files.isExecutable(p));
            }
        }
    }
}
