package dev.replicator.restore;

import dev.replicator.SegmentInfo;
import dev.replicator.replica.Keys;
import dev.replicator.replica.ReplicaClient;
import net.jpountz.lz4.LZ4Exception;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

/** How a restore names objects and words what is wrong with them: where to look, what broke, what to do. */
final class RestoreMessages {

    static final String SEGMENT_FIX = "restore to an earlier point with -timestamp, or from another replica";
    static final String SNAPSHOT_FIX = "restore another generation with -generation, or from another replica";
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    private RestoreMessages() {
    }

    /** Where an object lives, as the user can look it up: a file path or an s3:// URL. */
    static String object(ReplicaClient client, String key) {
        return client.location() + "/" + key;
    }

    static String object(ReplicaClient client, SegmentInfo s) {
        return object(client, Keys.segment(s.pos()));
    }

    /** What is wrong with an object that failed to download or decompress, without exception class names. */
    static String damage(IOException e) {
        if (e instanceof FileNotFoundException || e instanceof NoSuchFileException) {
            return "gone (deleted since the replica was listed)";
        }
        String detail = detail(e);
        if (e instanceof EOFException || detail.contains("ended prematurely")) {
            return "truncated (" + detail + ")";
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LZ4Exception) {
                return "corrupt (" + detail + ")";
            }
        }
        if (detail.contains("checksum") || detail.contains("corrupt") || detail.contains("magic")) {
            return "corrupt (" + detail + ")";
        }
        return "unreadable (" + detail + ")";
    }

    /** The message of {@code e} with any leading "some.package.SomeException: " removed, starting lower case. */
    static String detail(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = m.strip().replaceAll("\\s+", " ");
        while (CLASS_PREFIX.matcher(m).find()) {
            m = CLASS_PREFIX.matcher(m).replaceFirst("");
        }
        return m.isEmpty() ? "no detail" : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }
}
