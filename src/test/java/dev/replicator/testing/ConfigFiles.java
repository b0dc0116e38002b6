package dev.replicator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Config files written by tests. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Writes {@code yaml} to {@code file} readable by its owner only, as replicator asks of a config with secrets. */
    public static Path writeOwnerOnly(Path file, String yaml) throws IOException {
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
