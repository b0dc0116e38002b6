package dev.replicator.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The scratch disk's sequential write speed: {@code dd if=/dev/zero bs=1M oflag=direct conv=fsync}, timed. */
public final class DiskSpeed {

    private DiskSpeed() {
    }

    public static double mibPerSecond(Path dir, int mib) throws Exception {
        Path file = dir.resolve("dd.tmp");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mib,
                    "oflag=direct", "conv=fsync").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return Double.NaN;
            }
            return mib / ((System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
