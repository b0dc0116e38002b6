package dev.replicator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One tool replicating N small databases of one directory while the writer commits a few transactions per second
 * spread over them at random. Each run creates its databases afresh; the tool's start (a snapshot of every
 * database) is timed and excluded from the window.
 */
public final class ScaleRun {

    private static final String PREFIX = "scale";

    private final BenchContext ctx;
    private final double rate;
    private final double seconds;

    public ScaleRun(BenchContext ctx, double rate, double seconds) {
        this.ctx = ctx;
        this.rate = rate;
        this.seconds = seconds;
    }

    public ScaleResult run(Tool tool, int count, int run) throws Exception {
        String bucket = tool.shortName() + "-scale" + count + "-" + run;
        Path dir = Files.createDirectories(ctx.workDir().resolve(bucket));
        Path dbDir = Files.createDirectories(dir.resolve("dbs"));
        List<Path> dbs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path db = dbDir.resolve(String.format("db-%04d.db", i));
            Databases.create(db);
            dbs.add(db);
        }
        ctx.s3().createBucket(bucket);
        String yaml = tool == Tool.REPLICATOR && ctx.replicatorDirConfig()
                ? ToolConfig.directory(dbDir, "*.db", bucket, PREFIX, ctx.s3().countedEndpoint(), ctx.settings())
                : ToolConfig.listed(dbs, bucket, PREFIX, ctx.s3().countedEndpoint(), ctx.settings());
        Path config = ToolConfig.write(dir.resolve("config.yml"), yaml);

        ScaleResult result;
        long start = System.nanoTime();
        try (ToolProcess p = ToolProcess.start(tool, ctx.paths(), config, dir.resolve(tool.shortName() + ".log"))) {
            if (!ctx.s3().awaitKeys(bucket, BenchContext::isSnapshot, count,
                    ctx.startTimeout().multipliedBy(Math.max(1, count / 100)))) {
                p.requireAlive();
                throw new IllegalStateException(tool.label() + " did not snapshot all " + count + " databases");
            }
            double startSeconds = (System.nanoTime() - start) / 1e9;
            Thread.sleep(ctx.settle().toMillis());
            RequestCounts before = ctx.s3().counter().snapshot(bucket);
            double cpuBefore = p.cpuSeconds();
            long windowStart = System.nanoTime();
            Path log = dir.resolve("commits.log");
            WriterProcess.run(dbs, rate, seconds, 100, log, dir);
            List<Commit> commits = Commit.readLog(log);
            LagStats.awaitAll(commits, i -> dbs.get(i).getFileName().toString(), bucket, ctx.s3().watcher(),
                    ctx.drainTimeout().toNanos());
            double window = (System.nanoTime() - windowStart) / 1e9;
            double cpu = p.cpuSeconds() - cpuBefore;
            RequestCounts requests = ctx.s3().counter().snapshot(bucket).minus(before);
            LagStats lag = LagStats.of(commits, i -> dbs.get(i).getFileName().toString(), bucket, ctx.s3().watcher());
            result = new ScaleResult(tool, count, run, window, cpu, p.peakRssKib(), p.rssKib(), p.maxThreads(),
                    requests, lag, startSeconds);
        }
        ctx.s3().deleteBucket(bucket);
        return result;
    }
}
