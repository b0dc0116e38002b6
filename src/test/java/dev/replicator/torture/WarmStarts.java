package dev.replicator.torture;

import dev.replicator.testing.ManagedProcess;
import dev.replicator.testing.ReplicatorProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.awaitility.Awaitility.await;

/**
 * Replicator processes of the built jar that start almost instantly: each one is launched (through
 * {@link WarmReplicator}) while its predecessor still runs, and only told to go when asked for. With a class data
 * sharing archive made once up front and C1 only, a JVM costs about a third of the CPU it would otherwise, which is
 * what bounds a crash harness on two cores.
 */
final class WarmStarts implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final List<String> jvm;
    private final List<String> warmArgs;
    private final List<String> realArgs;
    private final Map<String, String> env;
    private final AtomicInteger started = new AtomicInteger();
    private Pending pending;

    private record Pending(ManagedProcess process, Path go) {
    }

    private WarmStarts(Path dir, List<String> jvm, List<String> warmArgs, List<String> realArgs,
                       Map<String, String> env) {
        this.dir = dir;
        this.jvm = jvm;
        this.warmArgs = warmArgs;
        this.realArgs = realArgs;
        this.env = env;
    }

    /**
     * Prepares the launcher jar and the CDS archive in {@code dir}. {@code warmArgs} must be a read-only command
     * (e.g. {@code generations URL}); {@code realArgs} what each process really runs.
     */
    static WarmStarts prepare(Path dir, List<String> warmArgs, List<String> realArgs, Map<String, String> env)
            throws IOException {
        Files.createDirectories(dir);
        Path launcher = launcherJar(dir.resolve("warm.jar"));
        String classPath = ReplicatorProcess.jar() + java.io.File.pathSeparator + launcher;
        Path archive = dir.resolve("replicator.jsa");
        List<String> base = new ArrayList<>();
        base.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        base.addAll(ReplicatorProcess.DEFAULT_JVM_OPTIONS);
        base.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xlog:disable", "-Xlog:all=error:stderr"));
        List<String> dump = new ArrayList<>(base);
        dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-cp", classPath,
                WarmReplicator.class.getName(), dir.resolve("go-archive").toString()));
        dump.addAll(warmArgs);
        dump.addAll(List.of("--", "version"));
        Files.createFile(dir.resolve("go-archive"));
        ManagedProcess.run("replicator-cds", Duration.ofSeconds(120), dump, env);
        List<String> jvm = new ArrayList<>(base);
        if (Files.isRegularFile(archive)) {
            jvm.add("-XX:SharedArchiveFile=" + archive);
        }
        jvm.addAll(List.of("-cp", classPath, WarmReplicator.class.getName()));
        return new WarmStarts(dir, jvm, List.copyOf(warmArgs), List.copyOf(realArgs), env);
    }

    /** The next replicator, already told to go; the one after it starts warming up now. */
    synchronized ManagedProcess next() {
        Pending p = pending != null ? pending : launch();
        pending = null;
        await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(5))
                .failFast(() -> !p.process().isAlive())
                .until(() -> p.process().stdout().contains(WarmReplicator.READY));
        try {
            Files.createFile(p.go());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pending = launch();
        return p.process();
    }

    /** Stops warming a next process (for a pause in which nothing may touch the database). */
    synchronized void discardPending() {
        if (pending != null) {
            pending.process().kill();
            pending = null;
        }
    }

    private Pending launch() {
        Path go = dir.resolve("go-" + started.incrementAndGet());
        List<String> command = new ArrayList<>(jvm);
        command.add(go.toString());
        command.addAll(warmArgs);
        command.add("--");
        command.addAll(realArgs);
        return new Pending(ManagedProcess.start("replicator", command, env), go);
    }

    /** A jar holding just {@link WarmReplicator}: class data sharing takes classes from jars only. */
    private static Path launcherJar(Path jar) throws IOException {
        String entry = WarmReplicator.class.getName().replace('.', '/') + ".class";
        try (InputStream in = WarmReplicator.class.getClassLoader().getResourceAsStream(entry);
             OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    @Override
    public synchronized void close() {
        discardPending();
    }
}
