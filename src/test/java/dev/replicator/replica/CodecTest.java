package dev.replicator.replica;

import dev.replicator.testing.AgeKeyPair;
import dev.replicator.testing.TestStreams;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CodecTest {

    private static final AgeKeyPair A = AgeKeyPair.generate();
    private static final AgeKeyPair B = AgeKeyPair.generate();
    private static final String OBJECT = "s3://bucket/db/generations/0123456789abcdef/wal/00000001_00000000.wal.lz4";
    private static final byte[] LZ4_MAGIC = {0x04, 0x22, 0x4d, 0x18};
    private static final byte[] MARKER = "MARKER-plaintext-that-must-not-leak".getBytes(StandardCharsets.US_ASCII);

    private static byte[] content() {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i += 1000) {
            System.arraycopy(MARKER, 0, data, i, MARKER.length);
        }
        return data;
    }

    private static byte[] encode(Codec codec, byte[] data) throws IOException {
        try (InputStream in = codec.encode(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        }
    }

    private static byte[] decode(Codec codec, byte[] stored) throws IOException {
        try (InputStream in = codec.decode(new ByteArrayInputStream(stored), OBJECT)) {
            return in.readAllBytes();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void plainIsOneLz4Frame() throws IOException {
        byte[] stored = encode(Codec.plain(), content());
        assertThat(Arrays.copyOf(stored, 4)).isEqualTo(LZ4_MAGIC);
        assertThat(contains(stored, MARKER)).as("LZ4 keeps literals, so the marker shows in a plain object").isTrue();
        assertThat(decode(Codec.plain(), stored)).isEqualTo(content());
    }

    @Test
    void encryptedIsAnAgeFileOfTheLz4FrameAndHidesThePlaintext() throws IOException {
        Codec codec = Codec.age(List.of(A.recipient()), List.of(A.identity()));
        assertThat(codec.encrypts()).isTrue();
        byte[] stored = encode(codec, content());
        assertThat(new String(stored, 0, 22, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1\n");
        assertThat(contains(stored, MARKER)).isFalse();
        assertThat(decode(codec, stored)).isEqualTo(content());
    }

    @Test
    void encodingStreamsInsteadOfReadingTheWholeSource() throws IOException {
        AtomicLong consumed = new AtomicLong();
        InputStream big = new java.io.FilterInputStream(TestStreams.random(1, 256L << 20)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                consumed.addAndGet(Math.max(0, n));
                return n;
            }
        };
        Codec codec = Codec.age(List.of(A.recipient()), List.of());
        try (InputStream stored = codec.encode(big)) {
            stored.readNBytes(1 << 20);
            assertThat(consumed.get()).isLessThan(4L << 20);
        }
    }

    @Test
    void anyOfSeveralRecipientsDecrypts() throws IOException {
        byte[] stored = encode(Codec.age(List.of(A.recipient(), B.recipient()), List.of()), content());
        assertThat(decode(Codec.age(List.of(), List.of(A.identity())), stored)).isEqualTo(content());
        assertThat(decode(Codec.age(List.of(), List.of(B.identity())), stored)).isEqualTo(content());
    }

    @Test
    void plainObjectsStillDecodeWhenTheReplicaEncrypts() throws IOException {
        byte[] stored = encode(Codec.plain(), content());
        assertThat(decode(Codec.age(List.of(A.recipient()), List.of(A.identity())), stored)).isEqualTo(content());
    }

    @Test
    void withoutIdentityTheErrorNamesTheObjectAndTheKeyToAdd() throws IOException {
        byte[] stored = encode(Codec.age(List.of(A.recipient()), List.of()), content());
        for (Codec codec : List.of(Codec.plain(), Codec.age(List.of(A.recipient()), List.of()))) {
            ReplicaException e = catchThrowableOfType(ReplicaException.class, () -> decode(codec, stored));
            assertThat(e.getMessage()).startsWith("cannot decrypt " + OBJECT + ": it is age-encrypted")
                    .contains("age: identities:").doesNotContain("\n");
        }
    }

    @Test
    void aWrongIdentityIsNamedByItsPublicKeyOnly() throws IOException {
        byte[] stored = encode(Codec.age(List.of(A.recipient()), List.of()), content());
        ReplicaException e = catchThrowableOfType(ReplicaException.class,
                () -> decode(Codec.age(List.of(), List.of(B.identity())), stored));
        assertThat(e.getMessage()).startsWith("cannot decrypt " + OBJECT).contains(B.recipient())
                .doesNotContain(B.identity()).doesNotContain(A.recipient());
    }

    @Test
    void tamperingAnywhereFailsAuthentication() throws IOException {
        Codec codec = Codec.age(List.of(A.recipient()), List.of(A.identity()));
        byte[] stored = encode(codec, content());
        byte[] payload = stored.clone();
        payload[payload.length - 100] ^= 1;
        assertThatThrownBy(() -> decode(codec, payload)).isInstanceOf(IOException.class)
                .isNotInstanceOf(ReplicaException.class)
                .hasMessage("age payload fails authentication: truncated, altered or corrupt");
        byte[] truncated = Arrays.copyOf(stored, stored.length - 20);
        assertThatThrownBy(() -> decode(codec, truncated))
                .hasMessage("age payload fails authentication: truncated, altered or corrupt");
        byte[] header = stored.clone();
        int mac = new String(stored, StandardCharsets.ISO_8859_1).indexOf("\n--- ") + 6;
        header[mac] = (byte) (header[mac] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> decode(codec, header)).isNotInstanceOf(ReplicaException.class)
                .hasMessage("age header fails authentication: altered or corrupt");
    }

    @Test
    void continuingNeedsTheSameKindOfObjectAndAnIdentityForIt() throws IOException {
        byte[] plain = encode(Codec.plain(), content());
        byte[] sealed = encode(Codec.age(List.of(A.recipient()), List.of()), content());
        Codec both = Codec.age(List.of(A.recipient()), List.of(A.identity()));
        assertThat(continueLength(both, sealed)).isEqualTo(content().length);
        assertThat(continueLength(Codec.plain(), plain)).isEqualTo(content().length);
        assertThat(cannotContinue(both, plain)).endsWith("is not encrypted but the replica has age recipients now");
        assertThat(cannotContinue(Codec.plain(), sealed))
                .endsWith("is age-encrypted but the replica has no age recipients now");
        assertThat(cannotContinue(Codec.age(List.of(A.recipient()), List.of()), sealed))
                .endsWith("has no age identity to read it back");
        assertThat(cannotContinue(Codec.age(List.of(A.recipient()), List.of(B.identity())), sealed))
                .contains("none of the replica's age identities matches");
    }

    private static long continueLength(Codec codec, byte[] stored) throws IOException {
        try (InputStream in = codec.decodeToContinue(new ByteArrayInputStream(stored), OBJECT)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static String cannotContinue(Codec codec, byte[] stored) {
        return catchThrowableOfType(Codec.CannotContinue.class, () -> continueLength(codec, stored)).getMessage();
    }

    @Test
    void selfCheckNamesTheRecipientsNoIdentityHereDecrypts() throws IOException {
        assertThat(Codec.age(List.of(A.recipient(), B.recipient()), List.of(A.identity())).recipientsWithoutIdentity())
                .containsExactly(B.recipient());
        assertThat(Codec.age(List.of(A.recipient()), List.of(B.identity(), A.identity())).recipientsWithoutIdentity())
                .isEmpty();
        assertThat(Codec.age(List.of(A.recipient()), List.of()).recipientsWithoutIdentity())
                .containsExactly(A.recipient());
    }

    @Test
    void malformedKeysAreRefusedWithoutEchoingThem() {
        String last = A.identity().substring(A.identity().length() - 1);
        String broken = A.identity().substring(0, A.identity().length() - 1) + ("Q".equals(last) ? "P" : "Q");
        assertThatThrownBy(() -> Codec.age(List.of(), List.of(broken)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("age identity 1 of 1 is not a valid X25519 secret key (AGE-SECRET-KEY-1...)");
        assertThatThrownBy(() -> Codec.age(List.of(A.recipient(), "age1nope"), List.of()))
                .hasMessage("age recipient 2 of 2 is not a valid X25519 public key (age1...)");
    }
}
