package dev.replicator.bench;

import java.util.Locale;

/** Numbers for the table: about three significant digits, "n/a" for NaN. */
public final class Format {

    private Format() {
    }

    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        String f = a == 0 || a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : a >= 0.01 ? "%.3f" : "%.5f";
        return String.format(Locale.ROOT, f, v);
    }
}
