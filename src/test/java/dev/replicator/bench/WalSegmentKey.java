package dev.replicator.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An object key of a WAL segment in Litestream v0.3's layout, {@code PREFIX/generations/GEN/wal/INDEX_OFFSET.wal.lz4}.
 * {@link #database()} is the prefix's last path element: the bench names each replica path after its database file.
 */
public record WalSegmentKey(String prefix, String generation, long index, long offset) {

    private static final Pattern KEY = Pattern.compile(
            "(?:(.*)/)?generations/([0-9a-f]{16})/wal/([0-9a-f]{8})_([0-9a-f]{8})\\.wal\\.lz4");

    public static Optional<WalSegmentKey> parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new WalSegmentKey(m.group(1) == null ? "" : m.group(1), m.group(2),
                Long.parseLong(m.group(3), 16), Long.parseLong(m.group(4), 16)));
    }

    public String database() {
        return prefix.substring(prefix.lastIndexOf('/') + 1);
    }
}
