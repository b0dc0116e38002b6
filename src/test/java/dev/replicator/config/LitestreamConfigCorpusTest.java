package dev.replicator.config;

import static org.assertj.core.api.Assertions.assertThat;


import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Realistic litestream.yml files (v0.3 and v0.5 styles, env forms, anchors, Fly.io, Docker and systemd layouts, and
 * the refusals that protect data), in {@code src/test/resources/litestream-configs}. Each file says what it must load
 * as in {@code # expect:} lines (the summary below, line by line, warnings included), or the one error it must fail
 * with in {@code # error:}; {@code # env: NAME=VALUE} lines give its environment.
 */
class LitestreamConfigCorpusTest {

    private static final Path CORPUS = Path.of("src/test/resources/litestream-configs");

    static Stream<Path> configs() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(CORPUS)) {
            files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void loadsAsItSays(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, String> env = new HashMap<>();
        List<String> expected = new ArrayList<>();
        String error = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith("# env: ")) {
                String pair = line.substring("# env: ".length());
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            } else if (line.startsWith("# expect: ")) {
                expected.add(line.substring("# expect: ".length()));
            } else if (line.startsWith("# error: ")) {
                error = line.substring("# error: ".length());
            }
        }
        String name = file.getFileName().toString();
        if (error != null) {
            String expectedError = error;
            assertThat(expected).as("a file expects either a config or an error").isEmpty();
            try {
                ConfigLoader.parse(text, name, env);
                throw new AssertionError(name + " loaded, but must fail with: " + expectedError);
            } catch (ConfigException e) {
                assertThat(e.getMessage()).isEqualTo(name + (expectedError.startsWith("line ") ? " " : ": ")
                        + expectedError);
            }
        } else {
            assertThat(expected).as(name + " says what it loads as").isNotEmpty();
            assertThat(summary(ConfigLoader.parse(text, name, env), name)).containsExactlyElementsOf(expected);
        }
    }

    /** One line per database, replica and warning; settings left at their defaults are not shown. */
    static List<String> summary(Config config, String source) {
        List<String> lines = new ArrayList<>();
        config.addr().ifPresent(a -> lines.add("addr " + a.text()));
        config.exec().ifPresent(e -> lines.add("exec " + e));
        List<DbConfig> dbs = new ArrayList<>(config.dbs());
        config.dirs().forEach(d -> dbs.add(d.template()));
        for (DbConfig db : dbs) {
            StringBuilder b = new StringBuilder("db " + db.path());
            if (db.monitorInterval().compareTo(DbConfig.DEFAULT_MONITOR_INTERVAL) != 0) {
                b.append(" monitor=").append(Durations.format(db.monitorInterval()));
            }
            if (db.maxCheckpointPageCount() != DbConfig.DEFAULT_MAX_CHECKPOINT_PAGE_COUNT) {
                b.append(" max-pages=").append(db.maxCheckpointPageCount());
            }
            if (db.restoreIfDbMissing()) {
                b.append(" restore-if-missing");
            }
            lines.add(b.toString());
            for (ReplicaConfig r : db.replicas()) {
                StringBuilder rb = new StringBuilder("  replica '" + r.name() + "' " + r.describe());
                r.s3().ifPresent(s -> {
                    s.region().ifPresent(region -> rb.append(" region=").append(region));
                    if (s.forcePathStyle()) {
                        rb.append(" path-style");
                    }
                    s.accessKeyId().ifPresent(k -> rb.append(" key=").append(k));
                });
                if (!r.syncInterval().equals(ReplicaConfig.DEFAULT_SYNC_INTERVAL)) {
                    rb.append(" sync=").append(Durations.format(r.syncInterval()));
                }
                r.snapshotInterval().ifPresent(s -> rb.append(" snapshot=").append(Durations.format(s)));
                if (!r.retention().equals(ReplicaConfig.DEFAULT_RETENTION)) {
                    rb.append(" retention=").append(Durations.format(r.retention()));
                }
                r.verifyInterval().ifPresent(v -> rb.append(" verify=").append(Durations.format(v)));
                if (!r.age().recipients().isEmpty()) {
                    rb.append(" age");
                }
                lines.add(rb.toString());
            }
        }
        config.warnings().forEach(w -> lines.add("warning " + w.substring(source.length() + 1)));
        return lines;
    }
}
