package dev.replicator.testing;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

/**
 * A fresh age X25519 key pair for tests, in the text forms the age CLI uses: {@code identity} is the
 * AGE-SECRET-KEY-1... secret, {@code recipient} the age1... public key.
 */
public record AgeKeyPair(String identity, String recipient) {

    public static AgeKeyPair generate() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            return new AgeKeyPair(pair.getPrivate().toString(), pair.getPublic().toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an age key pair", e);
        }
    }

    /** Writes the identity as age-keygen does (comment lines, then the key), mode 600, and returns the file. */
    public Path writeIdentityFile(Path file) {
        try {
            Files.writeString(file, "# created: by a test\n# public key: " + recipient + "\n" + identity + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "AgeKeyPair[recipient=" + recipient + "]";
    }
}
