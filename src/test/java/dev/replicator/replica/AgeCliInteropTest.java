package dev.replicator.replica;

import dev.replicator.testing.AgeKeyPair;
import dev.replicator.testing.DebianTools;
import dev.replicator.testing.TestStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the codec stores is what {@code lz4 -c FILE | age -r KEY} makes, both ways, with Debian's CLIs. */
class AgeCliInteropTest {

    private static final AgeKeyPair KEY = AgeKeyPair.generate();

    @TempDir
    Path dir;

    private Path original() throws IOException {
        Path file = dir.resolve("original");
        try (InputStream in = TestStreams.random(7, 3 << 20)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void ageAndLz4CliDecodeWhatTheCodecStores() throws IOException {
        Path original = original();
        Path stored = dir.resolve("object.lz4");
        try (InputStream in = Codec.age(List.of(KEY.recipient()), List.of()).encode(Files.newInputStream(original))) {
            Files.copy(in, stored);
        }
        Path identity = KEY.writeIdentityFile(dir.resolve("key.txt"));
        DebianTools.run("age", "-d", "-i", identity.toString(), "-o", dir.resolve("object.lz4.dec").toString(),
                stored.toString());
        DebianTools.run("lz4", "-d", "-q", dir.resolve("object.lz4.dec").toString(), dir.resolve("out").toString());
        assertThat(Files.mismatch(original, dir.resolve("out"))).isEqualTo(-1);
    }

    @Test
    void theCodecDecodesWhatTheAgeAndLz4CliStore() throws IOException {
        Path original = original();
        DebianTools.run("lz4", "-q", original.toString(), dir.resolve("o.lz4").toString());
        DebianTools.run("age", "-r", KEY.recipient(), "-o", dir.resolve("o.lz4.age").toString(),
                dir.resolve("o.lz4").toString());
        Codec codec = Codec.age(List.of(), List.of(KEY.identity()));
        try (InputStream in = codec.decode(Files.newInputStream(dir.resolve("o.lz4.age")), "o.lz4.age")) {
            assertThat(TestStreams.sha256(in)).isEqualTo(TestStreams.sha256(Files.newInputStream(original)));
        }
    }
}
