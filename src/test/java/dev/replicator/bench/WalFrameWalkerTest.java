package dev.replicator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalFrameWalkerTest {

    private static final int PAGE = 512;

    @Test
    void findsCommitFramesAfterTheHeader() {
        ByteBuffer wal = ByteBuffer.allocate(32 + 3 * (24 + PAGE));
        wal.putInt(0, 0x377f0683).putInt(8, PAGE);
        frame(wal, 0, 0, 7);
        frame(wal, 1, 2, 7);
        frame(wal, 2, 3, 7);
        assertThat(WalFrameWalker.commits(wal.array(), 0, 4096)).containsExactly(
                new CommitPoint(7, 32 + 2 * (24 + PAGE)), new CommitPoint(7, 32 + 3 * (24 + PAGE)));
    }

    @Test
    void aLaterSegmentCountsFromItsOffsetAndIgnoresATornFrame() {
        ByteBuffer wal = ByteBuffer.allocate(2 * (24 + PAGE) + 100);
        wal.putInt(4, 5).putInt(8, -3);
        wal.putInt(24 + PAGE + 4, 6).putInt(24 + PAGE + 8, -3);
        assertThat(WalFrameWalker.commits(wal.array(), 1000, PAGE))
                .containsExactly(new CommitPoint(-3, 1000 + 24 + PAGE), new CommitPoint(-3, 1000 + 2 * (24 + PAGE)));
    }

    @Test
    void aFirstSegmentWithoutHeaderIsRejected() {
        assertThatThrownBy(() -> WalFrameWalker.commits(new byte[64], 0, PAGE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The writer's view (wal-index header) and the replica's view (frames of the WAL file) name the same commits. */
    @Test
    void theWalIndexHeaderNamesACommitFoundInTheWalFile(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("a.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA wal_autocheckpoint=0");
            st.execute("CREATE TABLE t(x BLOB)");
            try (WalIndexHeader shm = WalIndexHeader.open(Path.of(db + "-shm"))) {
                Random random = new Random(1);
                for (int i = 0; i < 3; i++) {
                    st.execute("INSERT INTO t VALUES (randomblob(" + (100 + random.nextInt(9000)) + "))");
                    WalIndexHeader.State s = shm.read();
                    List<CommitPoint> inFile = WalFrameWalker.commits(Files.readAllBytes(Path.of(db + "-wal")), 0, 1);
                    assertThat(s.pageSize()).isEqualTo(4096);
                    assertThat(inFile).last().isEqualTo(new CommitPoint(s.salt1(), s.endOffset()));
                }
            }
        }
    }

    private static void frame(ByteBuffer wal, int i, int commitSize, int salt1) {
        int at = 32 + i * (24 + PAGE);
        wal.putInt(at, i + 1).putInt(at + 4, commitSize).putInt(at + 8, salt1);
    }
}
