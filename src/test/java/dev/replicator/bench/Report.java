package dev.replicator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The bench's Markdown report: one table of medians over the runs, replicator against Litestream with the ratio and
 * where each figure stands against issue 7's targets, then every run's raw figures.
 */
public final class Report {

    private final BenchOptions options;
    private final List<WorkloadResult> workloads;
    private final List<ScaleResult> scale;
    private final double diskMiBps;
    private final MarkdownTable table = new MarkdownTable("Figure", "replicator", "Litestream", "r/L",
            "Target (issue 7)", "Status");

    public Report(BenchOptions options, List<WorkloadResult> workloads, List<ScaleResult> scale, double diskMiBps) {
        this.options = options;
        this.workloads = workloads;
        this.scale = scale;
        this.diskMiBps = diskMiBps;
    }

    public String table() {
        for (WorkloadSpec spec : options.workloadSpecs()) {
            List<WorkloadResult> of = workloads.stream().filter(w -> w.workload().equals(spec.name())).toList();
            if (!of.isEmpty()) {
                workloadRows(spec, of);
            }
        }
        if (!scale.isEmpty()) {
            scaleRows();
        }
        return table.toString();
    }

    public String runs() {
        StringBuilder out = new StringBuilder();
        for (WorkloadResult w : workloads) {
            out.append(String.format(Locale.ROOT, "- %s %s run %d: %d tx in %.1f s, %.2f MiB WAL; CPU %.2f s; "
                            + "peak RSS %d KiB; threads %d; requests %s; idle %s in %.0f s (CPU %.2f s); "
                            + "lag p50/p99/max %s/%s/%s ms, %d/%d commits found; restore %s s, %d bytes, %s;"
                    + " busiest threads: %s%n",
                    w.workload(), w.tool().label(), w.run(), w.writer().transactions(), w.writer().seconds(),
                    w.writer().walMiB(), w.cpuSeconds(), w.peakRssKib(), w.maxThreads(), counts(w.requests()),
                    counts(w.idleRequests()), w.idleSeconds(), w.idleCpuSeconds(), Format.number(w.lag().p50Ms()),
                    Format.number(w.lag().p99Ms()), Format.number(w.lag().maxMs()), w.lag().found(),
                    w.lag().commits(), Format.number(w.restore().seconds()), w.restore().bytes(),
                    !Double.isNaN(w.restore().seconds()) && !w.restore().complete() ? "INCOMPLETE" : "ok",
                    w.threadCpu().top(4)));
        }
        for (ScaleResult s : scale) {
            out.append(String.format(Locale.ROOT, "- scale %d DBs %s run %d: start %.1f s; window %.1f s, CPU %.2f s;"
                            + " peak RSS %d KiB, end RSS %d KiB; threads %d; requests %s; lag p50/p99/max %s/%s/%s ms,"
                            + " %d/%d commits found%n",
                    s.databases(), s.tool().label(), s.run(), s.startSeconds(), s.windowSeconds(), s.cpuSeconds(),
                    s.peakRssKib(), s.rssKib(), s.maxThreads(), counts(s.requests()), Format.number(s.lag().p50Ms()),
                    Format.number(s.lag().p99Ms()), Format.number(s.lag().maxMs()), s.lag().found(),
                    s.lag().commits()));
        }
        return out.toString();
    }

    private void workloadRows(WorkloadSpec spec, List<WorkloadResult> of) {
        boolean heavy = spec.name().equals("small") || spec.name().equals("large");
        section("**" + spec.name() + "**: " + spec.description() + ", " + Format.number(spec.seconds()) + " s");
        row("WAL written by the app, MiB", of, w -> w.writer().walMiB(), Target.NONE);
        row("transactions/s achieved", of, w -> w.writer().transactions() / w.writer().seconds(), Target.NONE);
        row("CPU s per MiB of WAL", of, WorkloadResult::cpuSecondsPerMiB,
                heavy ? Target.atMostTimes(0.5) : Target.NONE);
        row("peak RSS (VmHWM), MiB", of, w -> w.peakRssKib() / 1024.0, Target.atMostTimes(1.5));
        row("threads (most seen)", of, WorkloadResult::maxThreads, Target.NONE);
        row("S3 requests per MiB of WAL", of, w -> w.requestsPerMiB(null), Target.atMostTimes(1));
        for (RequestClass c : RequestClass.values()) {
            if (of.stream().anyMatch(w -> w.requests().get(c) > 0)) {
                row("&nbsp;&nbsp;" + c + " per MiB", of, w -> w.requestsPerMiB(c), Target.NONE);
            }
        }
        row("commit→replica lag p50, ms", of, w -> w.lag().p50Ms(), Target.NONE);
        row("commit→replica lag p99, ms", of, w -> w.lag().p99Ms(), Target.atMost(250, "ms"));
        row("commits found in the replica, %", of, w -> 100.0 * w.lag().found() / w.lag().commits(), Target.NONE);
        if (spec.restore()) {
            row("restore, s (DB of " + Format.number(median(of, w -> w.restore().bytes() / 1048576.0)) + " MiB)", of,
                    w -> w.restore().seconds(), Target.NONE);
            row("restore, MiB/s", of, w -> w.restore().mibPerSecond(), Target.atLeastTimes(2));
            row("restore, MiB/s vs. disk (dd: " + Format.number(diskMiBps) + " MiB/s)", of,
                    w -> w.restore().mibPerSecond(), Target.atLeast(diskMiBps / 2, "MiB/s", "half the disk"));
        }
        if (spec.idleSeconds() > 0) {
            section("**idle** after light, " + Format.number(spec.idleSeconds()) + " s window scaled to an hour");
            row("S3 requests per idle hour", of, w -> w.idleRequestsPerHour(null), Target.atMost(0, "req/h"));
            for (RequestClass c : RequestClass.values()) {
                if (of.stream().anyMatch(w -> w.idleRequests().get(c) > 0)) {
                    row("&nbsp;&nbsp;" + c + " per idle hour", of, w -> w.idleRequestsPerHour(c), Target.NONE);
                }
            }
            row("CPU s per idle hour", of, WorkloadResult::idleCpuSecondsPerHour, Target.NONE);
        }
    }

    private void scaleRows() {
        List<Integer> counts = scale.stream().map(ScaleResult::databases).distinct().sorted().toList();
        int most = counts.get(counts.size() - 1);
        for (int n : counts) {
            List<ScaleResult> of = scale.stream().filter(s -> s.databases() == n).toList();
            section("**scale, " + n + " DB" + (n == 1 ? "" : "s") + "**: " + Format.number(options.scaleRate())
                    + " tx/s of 100 B spread at random, " + Format.number(options.scaleSeconds()) + " s");
            scaleRow("start until every DB has a snapshot, s", of, ScaleResult::startSeconds, Target.NONE);
            scaleRow("CPU, % of one core", of, ScaleResult::cpuPercent, Target.NONE);
            scaleRow("peak RSS (VmHWM), MiB", of, s -> s.peakRssKib() / 1024.0, Target.NONE);
            scaleRow("RSS at the end, MiB", of, s -> s.rssKib() / 1024.0, Target.NONE);
            scaleRow("threads (most seen)", of, ScaleResult::maxThreads, Target.NONE);
            scaleRow("S3 requests per second", of, s -> s.requests().total() / s.windowSeconds(), Target.NONE);
            scaleRow("commit→replica lag p50, ms", of, s -> s.lag().p50Ms(), Target.NONE);
            scaleRow("commit→replica lag p99, ms", of, s -> s.lag().p99Ms(),
                    n == most && n >= 1000 ? Target.atMost(2000, "ms") : Target.NONE);
            scaleRow("commits found in the replica, %", of, s -> 100.0 * s.lag().found() / s.lag().commits(),
                    Target.NONE);
        }
        if (counts.size() > 1) {
            int least = counts.get(0);
            section("**scale growth**, " + least + " → " + most + " DBs");
            growthRow("RSS at the end, KiB per added DB", least, most, s -> s.rssKib(),
                    Target.atMost(300, "KiB/DB"));
            growthRow("peak RSS, KiB per added DB", least, most, s -> s.peakRssKib(), Target.NONE);
            growthRow("threads per added DB", least, most, ScaleResult::maxThreads,
                    Target.atMost(0.01, "threads/DB"));
        }
    }

    private void growthRow(String figure, int least, int most, ToDoubleFunction<ScaleResult> f, Target target) {
        double r = growth(Tool.REPLICATOR, least, most, f);
        double l = growth(Tool.LITESTREAM, least, most, f);
        cells(figure, r, l, target);
    }

    private double growth(Tool tool, int least, int most, ToDoubleFunction<ScaleResult> f) {
        double low = Stats.median(scale.stream().filter(s -> s.tool() == tool && s.databases() == least)
                .map(s -> f.applyAsDouble(s)).toList());
        double high = Stats.median(scale.stream().filter(s -> s.tool() == tool && s.databases() == most)
                .map(s -> f.applyAsDouble(s)).toList());
        return (high - low) / (most - least);
    }

    private void section(String title) {
        table.row(title, "", "", "", "", "");
    }

    private void row(String figure, List<WorkloadResult> of, ToDoubleFunction<WorkloadResult> f, Target target) {
        cells(figure, median(of.stream().filter(w -> w.tool() == Tool.REPLICATOR).toList(), f),
                median(of.stream().filter(w -> w.tool() == Tool.LITESTREAM).toList(), f), target);
    }

    private void scaleRow(String figure, List<ScaleResult> of, ToDoubleFunction<ScaleResult> f, Target target) {
        cells(figure, median(of.stream().filter(s -> s.tool() == Tool.REPLICATOR).toList(), f),
                median(of.stream().filter(s -> s.tool() == Tool.LITESTREAM).toList(), f), target);
    }

    private void cells(String figure, double r, double l, Target target) {
        double ratio = r / l;
        table.row(figure, Format.number(r), Format.number(l),
                l == 0 || Double.isNaN(ratio) ? "n/a" : Format.number(ratio) + "×",
                target.text(), target.check().judge(r, l));
    }

    private static <T> double median(List<T> results, ToDoubleFunction<T> f) {
        List<Double> values = new ArrayList<>();
        results.forEach(r -> values.add(f.applyAsDouble(r)));
        return Stats.median(values);
    }

    private static String counts(RequestCounts c) {
        return c.total() + " " + c.byClass();
    }
}
