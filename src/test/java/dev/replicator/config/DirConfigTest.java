package dev.replicator.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code dir:} entries: parsing, defaults, validation, and where each found database's replicas go. */
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
    void eachDatabaseIsReplicatedUnderItsRelativePath() {
        DirConfig dir = parse("""
                dbs:
                  - dir: /data
                    recursive: true
                    replicas:
                      - url: s3://bucket/backups
                      - name: root
                        url: s3://other
                      - type: s3
                        name: keyed
                        bucket: third
                        path: deep/prefix
                      - path: /backups
                      - name: url-file
                        url: file:///mnt/backups
                """).dirs().get(0);
        DbConfig db = dir.forDatabase(Path.of("/data/tenants/a.db"));
        assertThat(db.path()).isEqualTo(Path.of("/data/tenants/a.db"));
        assertThat(db.replicas()).extracting(ReplicaConfig::describe).containsExactly(
                "s3://bucket/backups/tenants/a.db",
                "s3://other/tenants/a.db",
                "s3://third/deep/prefix/tenants/a.db",
                "file:///backups/tenants/a.db",
                "file:///mnt/backups/tenants/a.db");
        assertThat(db.replicas()).extracting(ReplicaConfig::name)
                .containsExactly("s3", "root", "keyed", "file", "url-file");
        assertThat(dir.relativePath(Path.of("/data/x.db"))).isEqualTo("x.db");
    }

    @Test
    void coversByPathPatternDepthAndHiddenParts() {
        DirConfig flat = parse("dbs:\n  - dir: /data\n    replicas: [{url: s3://b/p}]\n").dirs().get(0);
        assertThat(flat.covers(Path.of("/data/a.db"))).isTrue();
        assertThat(flat.covers(Path.of("/data/sub/a.db"))).as("not recursive").isFalse();
        assertThat(flat.covers(Path.of("/data/a.sqlite"))).isFalse();
        assertThat(flat.covers(Path.of("/other/a.db"))).isFalse();
        assertThat(flat.covers(Path.of("/data/.a.db"))).as("hidden file").isFalse();
        DirConfig all = parse("dbs:\n  - dir: /data\n    pattern: '*'\n    recursive: true\n"
                + "    replicas: [{url: s3://b/p}]\n").dirs().get(0);
        assertThat(all.covers(Path.of("/data/sub/deeper/a"))).isTrue();
        assertThat(all.covers(Path.of("/data/a.db-wal"))).isFalse();
        assertThat(all.covers(Path.of("/data/a.db-shm"))).isFalse();
        assertThat(all.covers(Path.of("/data/a.db-journal"))).isFalse();
        assertThat(all.covers(Path.of("/data/a.db.tmp"))).as("a restore in progress").isFalse();
        assertThat(all.covers(Path.of("/data/.a.db-replicator/x"))).as("replicator's state").isFalse();
        assertThat(all.covers(Path.of("/data/.hidden/a.db"))).isFalse();
        assertThat(all.covers(Path.of("/data"))).isFalse();
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

    @Test
    void s3ReplicaAtTheBucketRoot() {
        ReplicaConfig r = parse("dbs:\n  - dir: /data\n    replicas: [{url: s3://b}]\n").dirs().get(0)
                .forDatabase(Path.of("/data/a.db")).replicas().get(0);
        assertThat(r.s3().map(S3Settings::prefix)).isEqualTo(Optional.of("a.db"));
    }
}
