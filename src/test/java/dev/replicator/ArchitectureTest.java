package dev.replicator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps ARCHITECTURE.md true: packages import only lower rows, and no source file passes 400 lines. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/replicator");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.replicator\\.([a-z0-9.]*?)\\.?[A-Z]",
            Pattern.MULTILINE);

    /** The rows of ARCHITECTURE.md's package table; "" is the root package. */
    private static final Map<String, Integer> ROWS = Map.ofEntries(
            Map.entry("", 0), Map.entry("config", 0), Map.entry("wal", 0),
            Map.entry("db", 1),
            Map.entry("replica", 2),
            Map.entry("replica.file", 3), Map.entry("replica.s3", 3),
            Map.entry("replica.sftp", 3), Map.entry("replica.abs", 3),
            Map.entry("restore", 4), Map.entry("retention", 4), Map.entry("check", 4), Map.entry("control", 4),
            Map.entry("server", 4),
            Map.entry("verify", 5),
            Map.entry("replicate", 6),
            Map.entry("wiring", 7),
            Map.entry("cli", 8));

    @Test
    void everyPackageImportsOnlyLowerRows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            assertThat(ROWS).as("package %s of %s has a row in ARCHITECTURE.md", pkg, file).containsKey(pkg);
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(1);
                if (imported.equals(pkg)) {
                    continue;
                }
                if (ROWS.getOrDefault(imported, Integer.MAX_VALUE) >= ROWS.get(pkg)) {
                    violations.add(file + " (" + display(pkg) + ") imports " + display(imported));
                }
            }
        }
        assertThat(violations).as("imports of a package on the same or a higher row").isEmpty();
    }

    @Test
    void noSourceFileIsOver400Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        for (Path file : sources()) {
            long lines = Files.readAllLines(file).size();
            if (lines > 400) {
                tooLong.add(file + ": " + lines);
            }
        }
        assertThat(tooLong).as("files over 400 lines: split them so each class has one job").isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file.getParent()).toString().replace('/', '.');
    }

    private static String display(String pkg) {
        return pkg.isEmpty() ? "the root package" : pkg;
    }
}
