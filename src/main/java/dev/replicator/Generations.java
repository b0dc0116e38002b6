package dev.replicator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Generation names: 16 lowercase hex digits, as Litestream writes them. Ours start with the creation time in
 * milliseconds (12 digits) and end with 4 random ones, so that two generations whose objects share a whole-second
 * timestamp (S3's resolution) can still be ordered; Litestream's names are all random.
 */
public final class Generations {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TIME_DIGITS = 12;
    /** How long before its first snapshot was stored a generation may plausibly have been created. */
    private static final Duration MAX_SNAPSHOT_DELAY = Duration.ofDays(1);

    private Generations() {
    }

    public static String newName() {
        return newName(Instant.now());
    }

    public static String newName(Instant createdAt) {
        String time = String.format("%012x", createdAt.toEpochMilli() & 0xffff_ffff_ffffL);
        return time + String.format("%04x", RANDOM.nextInt(1 << 16));
    }

    /**
     * The creation time a name carries, if it is plausible for a generation whose first snapshot is stored at
     * {@code firstSnapshot} (whole seconds or finer): a random name (Litestream's) has none, but for one name in
     * about three million.
     */
    public static Optional<Instant> createdAt(String name, Instant firstSnapshot) {
        if (!isValid(name)) {
            return Optional.empty();
        }
        Instant t = Instant.ofEpochMilli(Long.parseLong(name.substring(0, TIME_DIGITS), 16));
        boolean plausible = t.isBefore(firstSnapshot.plusSeconds(1))
                && !t.isBefore(firstSnapshot.minus(MAX_SNAPSHOT_DELAY));
        return plausible ? Optional.of(t) : Optional.empty();
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid generation name (want 16 lowercase hex digits): " + name);
        }
        return name;
    }
}
