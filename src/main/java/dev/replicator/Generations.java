package dev.replicator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Generation names: 16 lowercase hex digits, random. */
public final class Generations {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Generations() {
    }

    public static String newName() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
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
