package dev.replicator.bench;

import java.nio.file.Path;
import java.time.Duration;

/** What every run shares: the S3 stack, the programs, a scratch directory and the settings both tools get. */
public record BenchContext(S3Stack s3, Tool.Paths paths, Path workDir, Settings settings, boolean replicatorDirConfig,
                           Duration startTimeout, Duration settle, Duration drainTimeout) {

    static boolean isSnapshot(String key) {
        return key.contains("/snapshots/") && key.endsWith(".snapshot.lz4");
    }
}
