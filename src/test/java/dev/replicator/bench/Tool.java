package dev.replicator.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The two contenders and how each is started. */
public enum Tool {
    REPLICATOR("replicator", "r"),
    LITESTREAM("Litestream", "l");

    /** Where the programs are: the launcher (bin/replicator), the jar it runs, the Litestream binary. */
    public record Paths(Path launcher, Path jar, Path litestream) {
    }

    private final String label;
    private final String shortName;

    Tool(String label, String shortName) {
        this.label = label;
        this.shortName = shortName;
    }

    public String label() {
        return label;
    }

    /** A short name for buckets and directories. */
    public String shortName() {
        return shortName;
    }

    public List<String> command(Paths paths, String... args) {
        Path program = this == REPLICATOR ? paths.launcher() : paths.litestream();
        return Stream.concat(Stream.of(program.toString()), Stream.of(args)).toList();
    }
}
