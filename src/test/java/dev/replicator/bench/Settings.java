package dev.replicator.bench;

/** The settings both tools get, under the same keys (Litestream v0.3's, which replicator reads as they are). */
public record Settings(String syncInterval, String monitorInterval, String checkpointInterval,
                       int minCheckpointPageCount, int maxCheckpointPageCount) {

    public static Settings defaults() {
        return new Settings("1s", "1s", "1m", 1000, 10000);
    }
}
