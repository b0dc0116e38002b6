package dev.replicator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link BenchWriter} in its own JVM and reads its summary line. */
public final class WriterProcess {

    /** What the writer did: transactions committed, bytes of WAL frames they appended, seconds it wrote for. */
    public record Summary(long transactions, long walBytes, double seconds) {
        public double walMiB() {
            return walBytes / 1048576.0;
        }
    }

    private WriterProcess() {
    }

    public static Summary run(List<Path> dbs, double rate, double seconds, int rowBytes, Path log, Path dir)
            throws IOException, InterruptedException {
        Path dbsFile = Files.write(dir.resolve("writer-dbs.txt"), dbs.stream().map(Path::toString).toList());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                BenchWriter.class.getName(), "--dbs-file", dbsFile.toString(), "--rate", Double.toString(rate),
                "--seconds", Double.toString(seconds), "--row-bytes", Integer.toString(rowBytes),
                "--log", log.toString()));
        Path out = dir.resolve("writer.out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the writer failed: " + Files.readString(out));
        }
        String last = Files.readAllLines(out).stream().filter(l -> l.startsWith("transactions=")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no summary from the writer in " + out));
        Map<String, String> fields = new HashMap<>();
        for (String kv : last.split(" ")) {
            String[] parts = kv.split("=", 2);
            fields.put(parts[0], parts[1]);
        }
        return new Summary(Long.parseLong(fields.get("transactions")), Long.parseLong(fields.get("wal_bytes")),
                Double.parseDouble(fields.get("seconds")));
    }
}
