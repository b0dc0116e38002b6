package dev.replicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One line of {@link BenchWriter}'s log: which database, when the commit returned, and its commit point. */
public record Commit(int database, long epochMicros, CommitPoint point) {

    public static List<Commit> readLog(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> !l.isBlank()).map(Commit::parse).toList();
    }

    static Commit parse(String line) {
        String[] f = line.trim().split(" ");
        return new Commit(Integer.parseInt(f[0]), Long.parseLong(f[1]),
                new CommitPoint(Integer.parseInt(f[2]), Long.parseLong(f[3])));
    }
}
