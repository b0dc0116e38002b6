package dev.replicator.bench;

/** A target of issue 7 for one figure: its text and how the medians (replicator, Litestream) meet it. */
public record Target(String text, Check check) {

    /** Judges the medians; returns e.g. "PASS (0.41×)" or "FAIL (2.3×)". */
    public interface Check {
        String judge(double replicator, double litestream);
    }

    public static final Target NONE = new Target("", (r, l) -> "");

    /** replicator ≤ factor × Litestream. */
    public static Target atMostTimes(double factor) {
        return new Target("≤ " + Format.number(factor) + "× Litestream", (r, l) -> {
            double ratio = r / l;
            if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
                return r == 0 && l == 0 ? "PASS (both 0)" : "n/a";
            }
            return verdict(ratio <= factor, Format.number(ratio) + "×");
        });
    }

    /** replicator ≥ factor × Litestream (for speeds). */
    public static Target atLeastTimes(double factor) {
        return new Target("≥ " + Format.number(factor) + "× Litestream", (r, l) -> {
            double ratio = r / l;
            return Double.isNaN(ratio) ? "n/a" : verdict(ratio >= factor, Format.number(ratio) + "×");
        });
    }

    /** replicator's own value ≤ limit. */
    public static Target atMost(double limit, String unit) {
        return new Target("≤ " + Format.number(limit) + " " + unit, (r, l) ->
                Double.isNaN(r) ? "n/a" : verdict(r <= limit, Format.number(r) + " " + unit));
    }

    /** replicator's own value ≥ limit. */
    public static Target atLeast(double limit, String unit, String what) {
        return new Target("≥ " + Format.number(limit) + " " + unit + " (" + what + ")", (r, l) ->
                Double.isNaN(r) ? "n/a" : verdict(r >= limit, Format.number(r) + " " + unit));
    }

    private static String verdict(boolean pass, String value) {
        return (pass ? "PASS" : "FAIL") + " (" + value + ")";
    }
}
