package dev.replicator.torture;

import dev.replicator.cli.Main;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a pre-started replicator JVM: it runs a harmless read-only replicator command to load and link
 * the replicator's classes (picocli, the AWS SDK, logback), prints {@link #READY}, waits for its go file, prints
 * {@link #GO} and then hands over to the jar's own {@code Main.main} with the real arguments. The crash harness starts
 * the next replicator this way while the current one runs, so a restart after SIGKILL costs no JVM start-up.
 *
 * <pre>java -cp replicator.jar:warm.jar dev.replicator.torture.WarmReplicator GO_FILE WARM_ARGS... -- REAL_ARGS...</pre>
 */
public final class WarmReplicator {

    static final String READY = "warm-replicator: ready";
    static final String GO = "warm-replicator: go";

    private WarmReplicator() {
    }

    public static void main(String[] args) throws Exception {
        List<String> all = Arrays.asList(args);
        int separator = all.indexOf("--");
        Path go = Path.of(args[0]);
        String[] warm = all.subList(1, separator).toArray(String[]::new);
        String[] real = all.subList(separator + 1, all.size()).toArray(String[]::new);
        PrintStream out = System.out;
        if (warm.length > 0) {
            System.setOut(new PrintStream(PrintStream.nullOutputStream()));
            Main.run(warm);
            System.setOut(out);
        }
        out.println(READY);
        out.flush();
        while (!Files.exists(go)) {
            Thread.sleep(1);
        }
        out.println(GO);
        out.flush();
        Main.main(real);
    }
}
