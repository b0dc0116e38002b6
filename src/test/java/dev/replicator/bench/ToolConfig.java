package dev.replicator.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.replicator.testing.S3ProxyServer;

/**
 * Writes the YAML both tools read: every database listed with its replica at {@code PREFIX/DB_FILE_NAME} in the
 * bucket, or (replicator only, once directory discovery exists) one {@code dir:} entry whose databases land under
 * their relative paths, which for files directly in the directory is the same key layout.
 */
public final class ToolConfig {

    private ToolConfig() {
    }

    /** Writes a config readable by its owner only (it holds the S3 secret; replicator warns otherwise). */
    public static Path write(Path file, String yaml) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, yaml);
    }

    public static String listed(List<Path> dbs, String bucket, String prefix, URI endpoint, Settings s) {
        StringBuilder yaml = new StringBuilder(header());
        for (Path db : dbs) {
            yaml.append("  - path: ").append(db.toAbsolutePath()).append('\n')
                    .append(dbSettings(s))
                    .append(replica(bucket, join(prefix, db.getFileName().toString()), endpoint, s));
        }
        return yaml.toString();
    }

    public static String directory(Path dir, String pattern, String bucket, String prefix, URI endpoint, Settings s) {
        return header()
                + "  - dir: " + dir.toAbsolutePath() + "\n"
                + "    pattern: \"" + pattern + "\"\n"
                + dbSettings(s)
                + replica(bucket, prefix, endpoint, s);
    }

    private static String header() {
        return "access-key-id: " + S3ProxyServer.ACCESS_KEY + "\n"
                + "secret-access-key: " + S3ProxyServer.SECRET_KEY + "\n"
                + "dbs:\n";
    }

    private static String dbSettings(Settings s) {
        return "    monitor-interval: " + s.monitorInterval() + "\n"
                + "    checkpoint-interval: " + s.checkpointInterval() + "\n"
                + "    min-checkpoint-page-count: " + s.minCheckpointPageCount() + "\n"
                + "    max-checkpoint-page-count: " + s.maxCheckpointPageCount() + "\n";
    }

    private static String replica(String bucket, String path, URI endpoint, Settings s) {
        return "    replicas:\n"
                + "      - type: s3\n"
                + "        bucket: " + bucket + "\n"
                + "        path: " + path + "\n"
                + "        endpoint: " + endpoint + "\n"
                + "        region: " + S3ProxyServer.REGION + "\n"
                + "        force-path-style: true\n"
                + "        sync-interval: " + s.syncInterval() + "\n";
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }
}
