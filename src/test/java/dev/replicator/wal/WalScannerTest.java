package dev.replicator.wal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WalScannerTest {

    private static WalScanner.Result scanAll(byte[] wal, List<Long> offsets) throws IOException {
        InputStream in = new ByteArrayInputStream(wal);
        WalHeader header = WalScanner.readHeader(in);
        return WalScanner.scan(in, header, WalHeader.SIZE, header.checksum(), (off, f, len) -> offsets.add(off));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void findsTheEndOfTheLastCommitInBothByteOrders(boolean bigEndian) throws IOException {
        SyntheticWal wal = new SyntheticWal(bigEndian, 1024, 0x11223344, 0x55667788)
                .frame(1, 0, (byte) 1).frame(2, 2, (byte) 2)   // txn 1
                .frame(3, 0, (byte) 3).frame(2, 3, (byte) 4)   // txn 2
                .frame(4, 0, (byte) 5);                         // txn 3, uncommitted
        List<Long> offsets = new ArrayList<>();

        WalScanner.Result r = scanAll(wal.bytes(), offsets);

        assertThat(r.commits()).isEqualTo(2);
        assertThat(r.commitEnd()).isEqualTo(32 + 4L * wal.frameSize());
        assertThat(r.scannedEnd()).isEqualTo(32 + 5L * wal.frameSize());
        assertThat(r.lastCommitSize()).isEqualTo(3);
        assertThat(r.stop()).isEqualTo(WalScanner.Stop.END_OF_INPUT);
        assertThat(offsets).hasSize(5).startsWith(32L, 32L + wal.frameSize());
    }

    @Test
    void byteOrderMattersForTheChecksum() throws IOException {
        byte[] wal = new SyntheticWal(true, 512, 1, 2).frame(1, 1, (byte) 9).bytes();
        wal[3] = (byte) 0x82; // claim little-endian: header checksum no longer verifies
        assertThatThrownBy(() -> WalHeader.parse(wal)).hasMessageContaining("checksum");
    }

    @Test
    void tornFrameStopsAtThePreviousCommit() throws IOException {
        SyntheticWal wal = new SyntheticWal(false, 512, 9, 9).frame(1, 1, (byte) 1).frame(1, 1, (byte) 2);
        byte[] torn = Arrays.copyOf(wal.bytes(), wal.bytes().length - 100);

        WalScanner.Result r = scanAll(torn, new ArrayList<>());

        assertThat(r.commitEnd()).isEqualTo(32 + wal.frameSize());
        assertThat(r.stop()).isEqualTo(WalScanner.Stop.TORN_FRAME);
    }

    @Test
    void flippedBitInAPageStopsBeforeThatFrame() throws IOException {
        SyntheticWal wal = new SyntheticWal(false, 512, 9, 9)
                .frame(1, 1, (byte) 1).frame(2, 2, (byte) 2).frame(3, 3, (byte) 3);
        byte[] bytes = wal.bytes();
        bytes[32 + wal.frameSize() + 100] ^= 0x10; // inside the second frame's page

        WalScanner.Result r = scanAll(bytes, new ArrayList<>());

        assertThat(r.commitEnd()).isEqualTo(32 + wal.frameSize());
        assertThat(r.stop()).isEqualTo(WalScanner.Stop.CHECKSUM_MISMATCH);
    }

    @Test
    void framesWithOtherSaltsBelongToAnEarlierWal() throws IOException {
        SyntheticWal current = new SyntheticWal(false, 512, 100, 200).frame(1, 1, (byte) 1);
        SyntheticWal previous = new SyntheticWal(false, 512, 99, 199).frame(1, 1, (byte) 1).frame(2, 2, (byte) 2);
        byte[] bytes = previous.bytes();
        System.arraycopy(current.bytes(), 0, bytes, 0, current.bytes().length); // restart overwrote the head

        WalScanner.Result r = scanAll(bytes, new ArrayList<>());

        assertThat(r.commitEnd()).isEqualTo(32 + current.frameSize());
        assertThat(r.stop()).isEqualTo(WalScanner.Stop.SALT_MISMATCH);
    }

    @Test
    void aScanCanResumeFromTheLastCommit() throws IOException {
        SyntheticWal wal = new SyntheticWal(true, 512, 5, 6)
                .frame(1, 1, (byte) 1).frame(2, 2, (byte) 2).frame(3, 3, (byte) 3);
        byte[] bytes = wal.bytes();
        WalHeader header = WalHeader.parse(bytes);
        int firstTwo = 32 + 2 * wal.frameSize();
        WalScanner.Result first = WalScanner.scan(new ByteArrayInputStream(bytes, 32, firstTwo - 32),
                header, 32, header.checksum(), (o, f, l) -> { });

        WalScanner.Result rest = WalScanner.scan(new ByteArrayInputStream(bytes, firstTwo, bytes.length),
                header, first.commitEnd(), first.commitChecksum(), (o, f, l) -> { });

        assertThat(rest.commits()).isEqualTo(1);
        assertThat(rest.commitEnd()).isEqualTo(bytes.length);
    }

    @Test
    void readingOneByteAtATimeGivesTheSameResult() throws IOException {
        SyntheticWal wal = new SyntheticWal(false, 1024, 1, 2)
                .frame(1, 0, (byte) 1).frame(2, 2, (byte) 2).frame(1, 2, (byte) 3);
        InputStream trickle = new FilterInputStream(new ByteArrayInputStream(wal.bytes())) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        WalHeader header = WalScanner.readHeader(trickle);

        WalScanner.Result r = WalScanner.scan(trickle, header, 32, header.checksum(), (o, f, l) -> { });

        assertThat(r.commitEnd()).isEqualTo(wal.bytes().length);
        assertThat(r.commits()).isEqualTo(2);
    }

    @Test
    void rejectsAbsurdHeaders() {
        byte[] bytes = new SyntheticWal(false, 512, 1, 2).bytes();
        byte[] badMagic = bytes.clone();
        badMagic[0] = 0;
        assertThatThrownBy(() -> WalHeader.parse(badMagic)).hasMessageContaining("magic");
        byte[] badPage = bytes.clone();
        badPage[10] = 0x70; // page size 0x7000200: not a power of two
        assertThatThrownBy(() -> WalHeader.parse(badPage)).hasMessageContaining("page size");
        assertThatThrownBy(() -> WalHeader.parse(new byte[10])).hasMessageContaining("too short");
    }

    @Test
    void verifiesAWalWrittenBySqlite(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("real.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA wal_autocheckpoint=0");
            s.execute("CREATE TABLE t(x BLOB)");
            for (int i = 0; i < 20; i++) {
                s.execute("INSERT INTO t VALUES (randomblob(" + (i * 700) + "))");
            }
            byte[] wal = Files.readAllBytes(Path.of(db + "-wal"));

            WalScanner.Result r = scanAll(wal, new ArrayList<>());

            assertThat(r.commits()).isEqualTo(21);
            assertThat(r.commitEnd()).isEqualTo(wal.length);
        }
    }
}
