package dev.replicator.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.replicator.replica.Lz4;
import dev.replicator.testing.DebianTools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel LZ4 decoding of a restore reads every frame lz4-java and the lz4 CLI write, and every damage fails. */
class DecodePipelineTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @TempDir
    Path dir;

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void readsOurFramesOfEverySizeInOrder() throws Exception {
        List<byte[]> originals = new ArrayList<>();
        List<byte[]> stored = new ArrayList<>();
        for (int size : new int[] {0, 1, 100, 65_535, 65_536, 65_537, 3 * 65_536 + 5, 5_000_000}) {
            byte[] data = data(size, size);
            originals.add(data);
            stored.add(Lz4.compress(new ByteArrayInputStream(data)).readAllBytes());
        }
        assertThat(decodeAll(stored, 2)).containsExactlyElementsOf(originals);
        assertThat(decodeAll(stored, 1)).containsExactlyElementsOf(originals);
    }

    @Test
    void readsFramesWithLargeBlocksBlockChecksumsAndContentSize() throws Exception {
        byte[] data = data(9_000_000, 7);
        for (LZ4FrameOutputStream.BLOCKSIZE blockSize : LZ4FrameOutputStream.BLOCKSIZE.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(out, blockSize, data.length,
                    LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                    LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE, LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM,
                    LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE, LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
                lz4.write(data);
            }
            assertThat(decodeAll(List.of(out.toByteArray()), 3)).as("block size %s", blockSize)
                    .containsExactly(data);
        }
    }

    @Test
    void readsWhatTheLz4CliWritesIncludingConcatenatedAndSkippableFrames() throws Exception {
        byte[] data = data(3_000_000, 3);
        Path raw = Files.write(dir.resolve("raw"), data);
        List<byte[]> expected = new ArrayList<>();
        List<byte[]> stored = new ArrayList<>();
        for (String[] options : new String[][] {{"-B4"}, {"-B7"}, {"-B5", "-BX"}, {"-B6", "--content-size"},
                {"-B4", "--no-frame-crc"}, {"-1"}, {"-9"}}) {
            Path lz4 = dir.resolve("f" + stored.size() + ".lz4");
            List<String> args = new ArrayList<>(List.of(options));
            args.addAll(List.of("-q", "-f", raw.toString(), lz4.toString()));
            DebianTools.run("lz4", args.toArray(String[]::new));
            stored.add(Files.readAllBytes(lz4));
            expected.add(data);
        }
        // Two frames in one object, the second behind a skippable frame: the lz4 CLI reads the concatenation.
        byte[] skippable = {0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 1, 2, 3};
        stored.add(concat(stored.get(0), skippable, stored.get(1)));
        expected.add(concat(data, data));
        assertThat(decodeAll(stored, 2)).containsExactlyElementsOf(expected);
    }

    @Test
    void rejectsLinkedBlocks() throws Exception {
        Path raw = Files.write(dir.resolve("raw"), data(300_000, 1));
        Path lz4 = dir.resolve("linked.lz4");
        DebianTools.run("lz4", "-q", "-f", "-BD", "-B4", raw.toString(), lz4.toString());
        assertThatThrownBy(() -> decodeAll(List.of(Files.readAllBytes(lz4)), 2))
                .isInstanceOf(IOException.class).hasMessageContaining("linked blocks are not supported");
    }

    @Test
    void eachDamageFailsWhenTheReaderReachesTheDamagedObjectOnly() throws Exception {
        byte[] data = data(1_000_000, 5);
        byte[] good = Lz4.compress(new ByteArrayInputStream(data)).readAllBytes();
        assertFailure(flip(good, 0), IOException.class, "bad magic");
        assertFailure(flip(good, 5), IOException.class, "reserved bits");
        assertFailure(flip(good, 6), IOException.class, "header checksum mismatch");
        assertFailure(flip(good, good.length - 2), IOException.class, "content checksum mismatch");
        assertFailure(Arrays.copyOf(good, good.length / 2), EOFException.class, "ended prematurely");
        assertFailure(Arrays.copyOf(good, good.length - 4), EOFException.class, "ended prematurely");
        assertFailure(new byte[0], EOFException.class, "no LZ4 frame");
        byte[] badBlock = good.clone();
        for (int i = good.length / 2; i < good.length / 2 + 8; i++) {
            badBlock[i] ^= (byte) 0xFF;
        }
        assertFailure(badBlock, IOException.class, "corrupt");
    }

    @Test
    void closingBeforeTheEndStopsTheReader() throws Exception {
        List<byte[]> stored = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            stored.add(Lz4.compress(new ByteArrayInputStream(data(2_000_000, i))).readAllBytes());
        }
        List<DecodePipeline.Source> sources = stored.stream()
                .map(b -> (DecodePipeline.Source) () -> new ByteArrayInputStream(b)).toList();
        DecodePipeline pipeline = new DecodePipeline(sources, pool, 2);
        try (InputStream first = pipeline.next()) {
            assertThat(first.readNBytes(1000)).hasSize(1000);
        }
        assertThatThrownBy(pipeline::next).as("the next object while the first is half read")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not read to its end");
        pipeline.close(); // returns once the reader thread is gone, although it is blocked on a full queue
    }

    private void assertFailure(byte[] damaged, Class<? extends IOException> type, String message) {
        byte[] fine = compress(data(200_000, 9));
        List<DecodePipeline.Source> sources = List.of(() -> new ByteArrayInputStream(fine),
                () -> new ByteArrayInputStream(damaged), () -> new ByteArrayInputStream(fine));
        try (DecodePipeline pipeline = new DecodePipeline(sources, pool, 2)) {
            try (InputStream in = pipeline.next()) {
                assertThat(in.readAllBytes()).as("the object before the damaged one").isEqualTo(data(200_000, 9));
            }
            assertThatThrownBy(() -> {
                try (InputStream in = pipeline.next()) {
                    in.readAllBytes();
                }
            }).isInstanceOf(type).hasMessageContaining(message);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<byte[]> decodeAll(List<byte[]> stored, int window) throws IOException {
        List<DecodePipeline.Source> sources = stored.stream()
                .map(b -> (DecodePipeline.Source) () -> new ByteArrayInputStream(b)).toList();
        List<byte[]> out = new ArrayList<>();
        try (DecodePipeline pipeline = new DecodePipeline(sources, pool, window)) {
            for (int i = 0; i < stored.size(); i++) {
                try (InputStream in = pipeline.next()) {
                    // Odd read sizes cross block and batch boundaries.
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    byte[] buf = new byte[7919];
                    int n;
                    while ((n = in.read(buf, 0, buf.length)) >= 0) {
                        b.write(buf, 0, n);
                    }
                    out.add(b.toByteArray());
                }
            }
        }
        return out;
    }

    /** Compressible but not trivial: random bytes in every other 4 KB. */
    private static byte[] data(int size, long seed) {
        byte[] b = new byte[size];
        Random r = new Random(seed);
        byte[] page = new byte[4096];
        for (int off = 0; off < size; off += 8192) {
            r.nextBytes(page);
            System.arraycopy(page, 0, b, off, Math.min(4096, size - off));
        }
        return b;
    }

    private static byte[] compress(byte[] data) {
        try {
            return Lz4.compress(new ByteArrayInputStream(data)).readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] flip(byte[] b, int at) {
        byte[] c = b.clone();
        c[at] ^= 0x01;
        return c;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
