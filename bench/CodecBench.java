import dev.replicator.replica.Codec;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU time per MB of the replica codec with and without age: encode (LZ4, then age) and decode, on one file, in
 * this thread only. Run by bench/encryption-overhead.sh: java -cp JAR bench/CodecBench.java FILE RECIPIENT IDENTITY
 */
public class CodecBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Codec plain = Codec.plain();
        Codec age = Codec.age(List.of(args[1]), List.of(args[2]));
        double mb = Files.size(file) / 1048576.0;
        Path plainStored = Files.createTempFile("bench-plain", ".lz4");
        Path ageStored = Files.createTempFile("bench-age", ".lz4");
        try {
            for (int warm = 0; warm < 3; warm++) {
                encode(plain, file, plainStored);
                encode(age, file, ageStored);
                decode(plain, plainStored);
                decode(age, ageStored);
            }
            int rounds = 5;
            long encPlain = 0, encAge = 0, decPlain = 0, decAge = 0;
            for (int i = 0; i < rounds; i++) {
                encPlain += encode(plain, file, plainStored);
                encAge += encode(age, file, ageStored);
                decPlain += decode(plain, plainStored);
                decAge += decode(age, ageStored);
            }
            System.out.printf("input %.1f MB, stored %.1f MB (lz4) / %.1f MB (lz4+age)%n", mb,
                    Files.size(plainStored) / 1048576.0, Files.size(ageStored) / 1048576.0);
            report("encode (upload)", encPlain / rounds, encAge / rounds, mb);
            report("decode (restore)", decPlain / rounds, decAge / rounds, mb);
        } finally {
            Files.deleteIfExists(plainStored);
            Files.deleteIfExists(ageStored);
        }
    }

    private static long encode(Codec codec, Path in, Path out) throws Exception {
        long start = CPU.getCurrentThreadCpuTime();
        try (InputStream encoded = codec.encode(Files.newInputStream(in));
             OutputStream os = Files.newOutputStream(out)) {
            encoded.transferTo(os);
        }
        return CPU.getCurrentThreadCpuTime() - start;
    }

    private static long decode(Codec codec, Path stored) throws Exception {
        long start = CPU.getCurrentThreadCpuTime();
        try (InputStream decoded = codec.decode(Files.newInputStream(stored), stored.toString())) {
            decoded.transferTo(OutputStream.nullOutputStream());
        }
        return CPU.getCurrentThreadCpuTime() - start;
    }

    private static void report(String what, long plainNanos, long ageNanos, double mb) {
        double p = plainNanos / 1e6 / mb;
        double a = ageNanos / 1e6 / mb;
        System.out.printf("%-17s lz4 %.2f ms CPU/MB, lz4+age %.2f ms CPU/MB: +%.2f ms/MB (+%.0f%%)%n", what, p, a,
                a - p, (a - p) / p * 100);
    }
}
