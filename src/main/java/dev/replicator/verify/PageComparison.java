package dev.replicator.verify;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Compares two SQLite files page by page, one page in memory at a time. In page 1 it skips the header counters that
 * SQLite's backup bumps in its copy: change counter, schema cookie, version-valid-for and SQLite version.
 */
final class PageComparison {

    private static final int[][] REWRITTEN_HEADER_RANGES = {{24, 28}, {40, 44}, {92, 100}};

    private PageComparison() {
    }

    /** The first difference, described in one line; empty when the files hold the same pages. */
    static Optional<String> firstDifference(Path restored, Path live) throws IOException {
        try (FileChannel a = FileChannel.open(restored, StandardOpenOption.READ);
             FileChannel b = FileChannel.open(live, StandardOpenOption.READ)) {
            int pageSize = pageSize(b);
            if (pageSize(a) != pageSize) {
                return Optional.of("page size " + pageSize(a) + " restored, " + pageSize + " live");
            }
            long pagesA = a.size() / pageSize;
            long pagesB = b.size() / pageSize;
            ByteBuffer pa = ByteBuffer.allocate(pageSize);
            ByteBuffer pb = ByteBuffer.allocate(pageSize);
            for (long page = 1; page <= Math.min(pagesA, pagesB); page++) {
                read(a, pa, page, pageSize);
                read(b, pb, page, pageSize);
                if (page == 1) {
                    for (int[] range : REWRITTEN_HEADER_RANGES) {
                        Arrays.fill(pa.array(), range[0], range[1], (byte) 0);
                        Arrays.fill(pb.array(), range[0], range[1], (byte) 0);
                    }
                }
                int at = Arrays.mismatch(pa.array(), pb.array());
                if (at >= 0) {
                    return Optional.of("page " + page + " (" + owner(live, page) + ") differs at byte " + at);
                }
            }
            if (pagesA != pagesB) {
                return Optional.of("the restored database has " + pagesA + " pages, the live one " + pagesB);
            }
            return Optional.empty();
        }
    }

    static long pages(Path db) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.READ)) {
            return ch.size() / pageSize(ch);
        }
    }

    private static int pageSize(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2);
        ch.read(b, 16);
        int size = ((b.get(0) & 0xFF) << 8) | (b.get(1) & 0xFF);
        return size == 1 ? 65536 : size;
    }

    private static void read(FileChannel ch, ByteBuffer buf, long page, int pageSize) throws IOException {
        buf.clear();
        long at = (page - 1) * pageSize;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at + buf.position());
            if (n < 0) {
                Arrays.fill(buf.array(), buf.position(), pageSize, (byte) 0);
                break;
            }
        }
    }

    /** Which table or index a page belongs to, from SQLite's dbstat table, for the message. */
    private static String owner(Path db, long page) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = config.createConnection("jdbc:sqlite:" + db);
             PreparedStatement s = c.prepareStatement("SELECT name FROM dbstat WHERE pageno = ? LIMIT 1")) {
            s.setLong(1, page);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? "of " + rs.getString(1) : "a free page";
            }
        } catch (SQLException e) {
            return "owner unknown";
        }
    }
}
