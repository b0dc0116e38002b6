package dev.replicator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Telling age-encrypted replica objects from plain ones. */
public final class AgeFiles {

    /** The first line of every age file (age-encryption.org/v1 spec), newline included. */
    private static final byte[] HEADER = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

    private AgeFiles() {
    }

    /** Whether {@code file} begins with the age header line. */
    public static boolean sealed(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(HEADER.length), HEADER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
