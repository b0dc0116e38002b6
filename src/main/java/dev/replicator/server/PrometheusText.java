package dev.replicator.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the Prometheus text exposition format (version 0.0.4): families with HELP and TYPE, then samples. */
final class PrometheusText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    enum Type { COUNTER, GAUGE }

    private record Sample(List<String> labels, double value) {
    }

    private record Family(String help, Type type, List<Sample> samples) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Declares a metric family; samples of it may then be added in any order. */
    PrometheusText family(String name, Type type, String help) {
        families.putIfAbsent(name, new Family(help, type, new java.util.ArrayList<>()));
        return this;
    }

    /** @param labels alternating label names and values */
    void sample(String name, double value, String... labels) {
        Family f = families.get(name);
        if (f == null) {
            throw new IllegalArgumentException("undeclared metric " + name);
        }
        f.samples().add(new Sample(List.of(labels), value));
    }

    String render() {
        StringBuilder b = new StringBuilder();
        families.forEach((name, f) -> {
            b.append("# HELP ").append(name).append(' ').append(f.help().replace("\\", "\\\\").replace("\n", "\\n"))
                    .append('\n');
            b.append("# TYPE ").append(name).append(' ').append(f.type().name().toLowerCase()).append('\n');
            for (Sample s : f.samples()) {
                b.append(name);
                if (!s.labels().isEmpty()) {
                    b.append('{');
                    for (int i = 0; i + 1 < s.labels().size(); i += 2) {
                        b.append(i == 0 ? "" : ",").append(s.labels().get(i)).append("=\"")
                                .append(escape(s.labels().get(i + 1))).append('"');
                    }
                    b.append('}');
                }
                b.append(' ').append(format(s.value())).append('\n');
            }
        });
        return b.toString();
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
