package dev.replicator.replica;

import com.exceptionfactory.jagged.DecryptingChannelFactory;
import com.exceptionfactory.jagged.EncryptingChannelFactory;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * age encryption with X25519 keys through jagged: the format of filippo.io/age, which Litestream v0.3 and the age
 * CLI write and read. Holds parsed keys; never prints an identity.
 */
final class Age {

    /** The first line of every binary age file. */
    static final byte[] MAGIC = "age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII);

    private static final EncryptingChannelFactory ENCRYPTING = new StandardEncryptingChannelFactory();
    private static final DecryptingChannelFactory DECRYPTING = new StandardDecryptingChannelFactory();

    private final List<String> recipients;
    private final List<RecipientStanzaWriter> writers;
    private final List<RecipientStanzaReader> readers;
    private final List<String> identityRecipients;

    private Age(List<String> recipients, List<RecipientStanzaWriter> writers, List<RecipientStanzaReader> readers,
                List<String> identityRecipients) {
        this.recipients = List.copyOf(recipients);
        this.writers = List.copyOf(writers);
        this.readers = List.copyOf(readers);
        this.identityRecipients = List.copyOf(identityRecipients);
    }

    /**
     * @param recipients public keys ({@code age1...}) to encrypt to
     * @param identities secret keys ({@code AGE-SECRET-KEY-1...}) to decrypt with
     * @throws IllegalArgumentException naming the list and position of a malformed key, never the key itself
     */
    static Age of(List<String> recipients, List<String> identities) {
        List<RecipientStanzaWriter> writers = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            try {
                writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipients.get(i)));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("age recipient " + (i + 1) + " of " + recipients.size()
                        + " is not a valid X25519 public key (age1...)");
            }
        }
        List<RecipientStanzaReader> readers = new ArrayList<>();
        List<String> publicKeys = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            try {
                readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(identities.get(i)));
                publicKeys.add(publicKeyOf(identities.get(i)));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new IllegalArgumentException("age identity " + (i + 1) + " of " + identities.size()
                        + " is not a valid X25519 secret key (AGE-SECRET-KEY-1...)");
            }
        }
        return new Age(recipients, writers, readers, publicKeys);
    }

    /** The recipient ({@code age1...}) an identity decrypts for; safe to print. */
    static String publicKeyOf(String identity) throws GeneralSecurityException {
        byte[] encoded = identity.getBytes(StandardCharsets.US_ASCII);
        return new X25519KeyFactory().translateKey(new SecretKeySpec(encoded, "X25519")).toString();
    }

    List<String> recipients() {
        return recipients;
    }

    /** The public keys of the identities held, in their order. */
    List<String> identityRecipients() {
        return identityRecipients;
    }

    boolean encrypts() {
        return !writers.isEmpty();
    }

    boolean decrypts() {
        return !readers.isEmpty();
    }

    /** The age file of {@code plain}, encrypted to every recipient as it is read. */
    InputStream encrypt(InputStream plain) {
        return encrypt(plain, writers);
    }

    /** Encrypts to one recipient only, to check which recipients the identities can decrypt. */
    InputStream encryptTo(int recipient, InputStream plain) {
        return encrypt(plain, List.of(writers.get(recipient)));
    }

    private static InputStream encrypt(InputStream plain, List<RecipientStanzaWriter> to) {
        return new PullStream(plain, sink -> {
            try {
                return Channels.newOutputStream(ENCRYPTING.newEncryptingChannel(Channels.newChannel(sink), to));
            } catch (GeneralSecurityException e) {
                throw new IOException("age encryption failed to start: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The payload of an age file, decrypted as it is read. Reads and checks the header now.
     *
     * @throws com.exceptionfactory.jagged.UnsupportedRecipientStanzaException if no identity matches a recipient
     * @throws GeneralSecurityException if the header is malformed or fails its MAC
     */
    InputStream decrypt(InputStream sealed) throws GeneralSecurityException, IOException {
        return Channels.newInputStream(DECRYPTING.newDecryptingChannel(Channels.newChannel(sealed), readers));
    }
}
