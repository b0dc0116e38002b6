package dev.replicator.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running {@code replicate} of a tool, with its output in a log file, and a sampler that keeps the highest
 * thread count seen. bin/replicator execs java, so the process started is the JVM itself.
 */
public final class ToolProcess implements AutoCloseable {

    private final Tool tool;
    private final Process process;
    private final Path log;
    private final AtomicInteger maxThreads = new AtomicInteger();
    private final Thread sampler;

    private ToolProcess(Tool tool, Process process, Path log) {
        this.tool = tool;
        this.process = process;
        this.log = log;
        this.sampler = new Thread(this::sample, "sampler-" + process.pid());
        sampler.setDaemon(true);
        sampler.start();
    }

    public static ToolProcess start(Tool tool, Tool.Paths paths, Path config, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(tool.command(paths, "replicate", "-config", config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("REPLICATOR_JAR", paths.jar().toString());
        return new ToolProcess(tool, pb.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    public double cpuSeconds() {
        requireAlive();
        return ProcStats.cpuSeconds(pid());
    }

    public Map<String, Double> cpuSecondsByThreadName() {
        requireAlive();
        return ProcStats.cpuSecondsByThreadName(pid());
    }

    public long peakRssKib() {
        requireAlive();
        return ProcStats.peakRssKib(pid());
    }

    public long rssKib() {
        requireAlive();
        return ProcStats.rssKib(pid());
    }

    public int maxThreads() {
        return Math.max(maxThreads.get(), process.isAlive() ? ProcStats.threads(pid()) : 0);
    }

    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(tool.label() + " exited with " + process.exitValue() + "; see " + log);
        }
    }

    private void sample() {
        while (process.isAlive()) {
            try {
                maxThreads.accumulateAndGet(ProcStats.threads(pid()), Math::max);
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the process ended between the check and the read
            }
        }
    }

    /** SIGTERM, then up to a minute for the final sync. */
    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("bench: " + tool.label() + " did not stop within 60 s; killing it");
            process.destroyForcibly().waitFor();
        }
    }
}
