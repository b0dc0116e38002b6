package dev.replicator.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;

/**
 * Durations written the way Go's {@code time.ParseDuration} (and so Litestream) reads them: "1s", "500ms",
 * "1h30m", "1.5h". A bare number is refused because it is ambiguous ("is 60 seconds or minutes?").
 */
public final class Durations {

    private static final String UNITS = "ns, us, ms, s, m or h";
    private static final Map<String, BigDecimal> NANOS_PER_UNIT = Map.of(
            "ns", BigDecimal.ONE,
            "us", BigDecimal.valueOf(1_000L),
            "µs", BigDecimal.valueOf(1_000L),
            "μs", BigDecimal.valueOf(1_000L),
            "ms", BigDecimal.valueOf(1_000_000L),
            "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L),
            "h", BigDecimal.valueOf(3_600_000_000_000L));
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /** @throws IllegalArgumentException with a one-line message that says how to write it instead */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration; write one like 1s, 500ms, 10m or 24h");
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("negative duration '" + s + "'; durations here must be 0 or more");
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numberStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            String number = s.substring(numberStart, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                throw new IllegalArgumentException("invalid duration '" + s + "': expected a number at '"
                        + s.substring(numberStart) + "'; write one like 1s, 500ms, 10m or 1h30m");
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("invalid duration '" + s + "': " + number + " has no unit; write "
                        + number + "s, " + number + "m or " + number + "h (units: " + UNITS + ")");
            }
            BigDecimal perUnit = NANOS_PER_UNIT.get(unit);
            if (perUnit == null) {
                throw new IllegalArgumentException("invalid duration '" + s + "': unknown unit '" + unit + "'; use "
                        + UNITS + " (a day is 24h)");
            }
            nanos = nanos.add(new BigDecimal(number.startsWith(".") ? "0" + number : number).multiply(perUnit));
        }
        if (nanos.compareTo(MAX_NANOS) > 0) {
            throw new IllegalArgumentException("invalid duration '" + s + "': too large (at most about 292 years)");
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    }

    /** Formats a duration so that {@link #parse} reads it back: "1h30m", "1s500ms", "0s". */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        StringBuilder out = new StringBuilder();
        append(out, d.toHours(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        append(out, d.toNanosPart() / 1_000 % 1_000, "us");
        append(out, d.toNanosPart() % 1_000, "ns");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }
}
