package dev.replicator.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code dir:} entries: parsing, defaults and validation (which databases they cover: DatabaseFinderTest). */
class DirConfigTest {

    private static Config parse(String yaml) {
        return ConfigLoader.parse(yaml, "r.yml", Map.of());
    }

    private static String error(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("expected a ConfigException").isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e.getMessage();
    }

    @Test
    void readsEveryKeyOfADirEntry() {
        Config config = parse("""
                dbs:
                  - dir: /data
                    pattern: "{*.db,*.sqlite}"
                    recursive: true
                    watch: false
                    monitor-interval: 2s
                    busy-timeout: 5s
                    min-checkpoint-page-count: 100
                    replicas:
                      - url: s3://bucket/backups?endpoint=http://localhost:9000
                      - path: /backups
                  - path: /var/lib/app/app.db
                    replicas:
                      - url: file:///backups-app
                """);
        assertThat(config.dbs()).extracting(DbConfig::path).containsExactly(Path.of("/var/lib/app/app.db"));
        assertThat(config.dirs()).hasSize(1);
        DirConfig dir = config.dirs().get(0);
        assertThat(dir.dir()).isEqualTo(Path.of("/data"));
        assertThat(dir.pattern()).isEqualTo("{*.db,*.sqlite}");
        assertThat(dir.recursive()).isTrue();
        assertThat(dir.watch()).isFalse();
        assertThat(dir.template().monitorInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(dir.template().busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dir.template().minCheckpointPageCount()).isEqualTo(100);
    }

    @Test
    void defaults() {
        DirConfig dir = parse("dbs:\n  - dir: /data\n    replicas: [{url: s3://b/p}]\n").dirs().get(0);
        assertThat(dir.pattern()).isEqualTo("*.db");
        assertThat(dir.recursive()).isFalse();
        assertThat(dir.watch()).isTrue();
        assertThat(dir.template().monitorInterval()).isEqualTo(DbConfig.DEFAULT_MONITOR_INTERVAL);
    }

    @Test
    void dirAndPathTogether() {
        assertThat(error("dbs:\n  - dir: /data\n    path: /data/a.db\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 3: dbs[0]: path and dir both say what to replicate; keep path: for one "
                        + "database, or dir: for every database in a directory");
    }

    @Test
    void neitherDirNorPath() {
        assertThat(error("dbs:\n  - pattern: '*.db'\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 2: dbs[0].pattern applies to dir: entries only; remove it, or replace path: by"
                        + " dir: /DIRECTORY to replicate every database in it");
        assertThat(error("dbs:\n  - dir:\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 2: dbs[0]: missing path; add path: /path/to/app.db (the SQLite file to "
                        + "replicate), or dir: /data (every database in that directory)");
    }

    @Test
    void dirOnlyKeysOnAPathEntry() {
        assertThat(error("dbs:\n  - path: /a.db\n    recursive: true\n    replicas: [{url: s3://b/p}]\n"))
                .startsWith("r.yml line 3: dbs[0].recursive applies to dir: entries only");
    }

    @Test
    void unknownKeyOfADirEntry() {
        assertThat(error("dbs:\n  - dir: /data\n    recursve: true\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 3: unknown key dbs[0].recursve: did you mean 'recursive'?");
    }

    @Test
    void badPatternAndBadValues() {
        assertThat(error("dbs:\n  - dir: /data\n    pattern: '*.{db'\n    replicas: [{url: s3://b/p}]\n"))
                .startsWith("r.yml line 3: dbs[0].pattern: '*.{db' is not a valid glob (");
        assertThat(error("dbs:\n  - dir: /data\n    pattern: 'sub/*.db'\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 3: dbs[0].pattern 'sub/*.db' must match file names only, without '/'; set "
                        + "recursive: true to look in subdirectories");
        assertThat(error("dbs:\n  - dir: /data\n    recursive: maybe\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 3: dbs[0].recursive must be true or false, not 'maybe'");
        assertThat(error("dbs:\n  - dir: /data\n")).startsWith("r.yml line 2: dbs[0]: no replicas;");
        assertThat(error("dbs:\n  - dir: /data\n    restore-if-db-missing: maybe\n    replicas: [{url: s3://b/p}]\n"))
                .isEqualTo("r.yml line 3: dbs[0].restore-if-db-missing must be true or false, not 'maybe'");
    }

    @Test
    void twoDirEntriesCannotShareAReplicaRoot() {
        assertThat(error("""
                dbs:
                  - dir: /data
                    replicas: [{url: s3://b/p}]
                  - dir: /more
                    replicas: [{url: s3://b/p}]
                """)).contains("dbs[1].replicas[0]: s3://b/p is also the location of dbs[0].replicas[0]");
    }
}
