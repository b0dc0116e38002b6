package dev.replicator.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One tool, one workload, one run: a fresh database and bucket, the tool replicating it, the writer; then the tool's
 * CPU, memory, threads and S3 requests over the workload (writer start until every commit is in the replica), an
 * optional idle window, the commit lags, and after the tool stopped an optional timed restore from its replica.
 */
public final class WorkloadRun {

    private static final String PREFIX = "bench";

    private final BenchContext ctx;

    public WorkloadRun(BenchContext ctx) {
        this.ctx = ctx;
    }

    public WorkloadResult run(Tool tool, WorkloadSpec spec, int run) throws Exception {
        String bucket = tool.shortName() + "-" + spec.name() + "-" + run;
        Path dir = Files.createDirectories(ctx.workDir().resolve(bucket));
        Path db = dir.resolve("app.db");
        Databases.create(db);
        ctx.s3().createBucket(bucket);
        Path config = ToolConfig.write(dir.resolve("config.yml"),
                ToolConfig.listed(List.of(db), bucket, PREFIX, ctx.s3().countedEndpoint(), ctx.settings()));
        Path restoreConfig = ToolConfig.write(dir.resolve("restore.yml"),
                ToolConfig.listed(List.of(db), bucket, PREFIX, ctx.s3().directEndpoint(), ctx.settings()));
        RequestCounter counter = ctx.s3().counter();
        ReplicaWatcher watcher = ctx.s3().watcher();

        WorkloadResult result;
        try (ToolProcess p = ToolProcess.start(tool, ctx.paths(), config, dir.resolve(tool.shortName() + ".log"))) {
            if (!ctx.s3().awaitKeys(bucket, BenchContext::isSnapshot, 1, ctx.startTimeout())) {
                p.requireAlive();
                throw new IllegalStateException(tool.label() + " wrote no snapshot within " + ctx.startTimeout());
            }
            Thread.sleep(ctx.settle().toMillis());

            RequestCounts before = counter.snapshot(bucket);
            double cpuBefore = p.cpuSeconds();
            Map<String, Double> threadsBefore = p.cpuSecondsByThreadName();
            Path log = dir.resolve("commits.log");
            WriterProcess.Summary writer = WriterProcess.run(List.of(db), spec.rate(), spec.seconds(),
                    spec.rowBytes(), log, dir);
            List<Commit> commits = Commit.readLog(log);
            LagStats.awaitAll(commits, i -> db.getFileName().toString(), bucket, watcher,
                    ctx.drainTimeout().toNanos());
            double cpu = p.cpuSeconds() - cpuBefore;
            ThreadCpu threadCpu = ThreadCpu.between(threadsBefore, p.cpuSecondsByThreadName());
            RequestCounts requests = counter.snapshot(bucket).minus(before);

            RequestCounts idle = RequestCounts.NONE;
            double idleCpu = Double.NaN;
            if (spec.idleSeconds() > 0) {
                RequestCounts idleBefore = counter.snapshot(bucket);
                double idleCpuBefore = p.cpuSeconds();
                Thread.sleep((long) (spec.idleSeconds() * 1000));
                idleCpu = p.cpuSeconds() - idleCpuBefore;
                idle = counter.snapshot(bucket).minus(idleBefore);
            }
            LagStats lag = LagStats.of(commits, i -> db.getFileName().toString(), bucket, watcher);
            result = new WorkloadResult(tool, spec.name(), run, writer, cpu, p.peakRssKib(), p.maxThreads(), requests,
                    idle, spec.idleSeconds(), idleCpu, lag, threadCpu, RestoreResult.NONE);
        }
        if (spec.restore()) {
            result = result.withRestore(Restorer.restore(tool, ctx.paths(), restoreConfig, db,
                    dir.resolve("restored.db"), dir.resolve(tool.shortName() + "-restore.log")));
        }
        ctx.s3().deleteBucket(bucket);
        return result;
    }
}
