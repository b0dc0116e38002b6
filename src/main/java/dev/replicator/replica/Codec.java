package dev.replicator.replica;

import com.exceptionfactory.jagged.PayloadException;
import com.exceptionfactory.jagged.UnsupportedRecipientStanzaException;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How one replica's objects are encoded, as Litestream v0.3 does it: an LZ4 frame, then age encryption when the
 * replica has recipients. Decoding tells the two kinds apart by their first bytes, so a replica that holds older
 * plain objects and newer encrypted ones restores whole. Everything streams (C3).
 */
public final class Codec {

    private static final Codec PLAIN = new Codec(null);
    private static final int BUFFER = 64 * 1024;

    private final Age age;

    private Codec(Age age) {
        this.age = age;
    }

    /** LZ4 only; reads encrypted objects only to say that a key is needed. */
    public static Codec plain() {
        return PLAIN;
    }

    /**
     * LZ4, then age: encrypts to every recipient (none: upload plain), decrypts with any of the identities.
     *
     * @throws IllegalArgumentException for a malformed key; the message never contains a key
     */
    public static Codec age(List<String> recipients, List<String> identities) {
        if (recipients.isEmpty() && identities.isEmpty()) {
            return PLAIN;
        }
        return new Codec(Age.of(recipients, identities));
    }

    /** Whether uploads are encrypted. */
    public boolean encrypts() {
        return age != null && age.encrypts();
    }

    /** The stored form of {@code raw}, encoded as it is read. Closing it closes {@code raw}. */
    public InputStream encode(InputStream raw) throws IOException {
        InputStream compressed = Lz4.compress(raw);
        return encrypts() ? age.encrypt(compressed) : compressed;
    }

    /**
     * The original bytes of a stored object, plain or age-encrypted.
     *
     * @param object where the object lives (a path or URL), for error messages
     * @throws ReplicaException if it is encrypted and no identity here can decrypt it; the message names the
     *                          object and the key that is needed
     */
    public InputStream decode(InputStream stored, String object) throws IOException {
        InputStream compressed = unseal(stored, object);
        try {
            return Lz4.decompress(compressed);
        } catch (IOException | RuntimeException e) {
            compressed.close();
            throw e;
        }
    }

    /**
     * The LZ4 frame of a stored object, decrypted if it is age-encrypted, for a caller that decompresses it itself
     * (the restore, on several threads). Fails like {@link #decode}.
     */
    public InputStream lz4Frame(InputStream stored, String object) throws IOException {
        return unseal(stored, object);
    }

    /**
     * Decodes an object that the replica is about to continue (the last one of a generation), which only works if
     * this codec writes the same kind of object and can read it back.
     *
     * @throws CannotContinue if the object is plain and uploads are now encrypted, or the reverse, or no identity
     *                        here decrypts it; the message says which
     */
    public InputStream decodeToContinue(InputStream stored, String object) throws IOException {
        BufferedInputStream in = new BufferedInputStream(stored, BUFFER);
        boolean sealed;
        try {
            sealed = isSealed(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        String problem = null;
        if (sealed && !encrypts()) {
            problem = object + " is age-encrypted but the replica has no age recipients now";
        } else if (!sealed && encrypts()) {
            problem = object + " is not encrypted but the replica has age recipients now";
        } else if (sealed && !age.decrypts()) {
            problem = object + " is age-encrypted and the replica has no age identity to read it back";
        }
        if (problem != null) {
            in.close();
            throw new CannotContinue(problem);
        }
        try {
            return decode(in, object);
        } catch (ReplicaException e) {
            throw new CannotContinue(object + " cannot be read back: none of the replica's age identities matches "
                    + "its recipients", e);
        }
    }

    /**
     * Of the recipients, those that none of the identities decrypts, found by encrypting a probe to each; empty when
     * every recipient's identity is here (so a restore with this configuration reads what it uploads).
     */
    public List<String> recipientsWithoutIdentity() throws IOException {
        List<String> missing = new ArrayList<>();
        if (age == null) {
            return missing;
        }
        byte[] probe = "replicator age probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < age.recipients().size(); i++) {
            if (!age.decrypts() || !decrypts(age.encryptTo(i, new ByteArrayInputStream(probe)), probe)) {
                missing.add(age.recipients().get(i));
            }
        }
        return missing;
    }

    private boolean decrypts(InputStream sealed, byte[] expected) throws IOException {
        try (InputStream in = age.decrypt(sealed)) {
            return Arrays.equals(in.readAllBytes(), expected);
        } catch (UnsupportedRecipientStanzaException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IOException("age self-check failed: " + e.getMessage(), e);
        }
    }

    /** The LZ4 bytes of an object: decrypted if it is an age file, as stored otherwise. */
    private InputStream unseal(InputStream stored, String object) throws IOException {
        BufferedInputStream in = stored instanceof BufferedInputStream b ? b : new BufferedInputStream(stored, BUFFER);
        try {
            if (!isSealed(in)) {
                return in;
            }
            if (age == null || !age.decrypts()) {
                throw new ReplicaException("cannot decrypt " + object + ": it is age-encrypted and this replica has no "
                        + "age identity; add the AGE-SECRET-KEY-1... it was encrypted to under age: identities: (or "
                        + "identity-file:) of the replica in the config and restore by database path, or pass -identity-file "
                        + "FILE with a replica URL");
            }
            return new PayloadErrors(age.decrypt(in));
        } catch (UnsupportedRecipientStanzaException e) {
            in.close();
            throw new ReplicaException("cannot decrypt " + object + ": it is age-encrypted to none of this replica's "
                    + "identities (public keys " + String.join(", ", age.identityRecipients()) + "); add the "
                    + "identity it was encrypted to under age: identities: (objects written before a key change need "
                    + "the old identity)");
        } catch (GeneralSecurityException e) {
            in.close();
            throw new IOException("age header fails authentication: altered or corrupt", e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static boolean isSealed(BufferedInputStream in) throws IOException {
        in.mark(Age.MAGIC.length);
        byte[] head = in.readNBytes(Age.MAGIC.length);
        in.reset();
        return Arrays.equals(head, Age.MAGIC);
    }

    /** An object the replica cannot append to; the message says why. */
    public static final class CannotContinue extends ReplicaException {
        CannotContinue(String message) {
            super(message);
        }

        CannotContinue(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Says in plain words that an age payload failed authentication, instead of jagged's chunk counters. */
    private static final class PayloadErrors extends FilterInputStream {
        PayloadErrors(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (PayloadException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (PayloadException e) {
                throw corrupt(e);
            }
        }

        private static IOException corrupt(PayloadException e) {
            return new IOException("age payload fails authentication: truncated, altered or corrupt", e);
        }
    }
}
