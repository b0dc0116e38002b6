package dev.replicator.db;

import java.nio.file.Path;
import java.time.Duration;

/** What a {@link Database} needs to know from the configuration. */
public record DatabaseSettings(Path path, Duration busyTimeout, int minCheckpointPageCount,
                               int maxCheckpointPageCount, Duration checkpointInterval) {

    public static DatabaseSettings defaults(Path path) {
        return new DatabaseSettings(path, Duration.ofSeconds(1), 1000, 10000, Duration.ofMinutes(1));
    }
}
