package dev.replicator.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated configuration.
 *
 * @param dbs the databases configured by {@code path:}
 * @param dirs the directories configured by {@code dir:}, whose databases are found at run time
 * @param addr where the metrics and health HTTP server listens; empty means none
 * @param exec a command to run as a child process; replication stops when it exits
 * @param heartbeatUrl a URL to GET every {@code heartbeatInterval} while every database has synced recently
 * @param healthWindow how long a replica may go without a successful sync while it has something to upload
 *     before {@code /healthz} reports it unhealthy
 * @param apiToken the bearer token the HTTP control API's POSTs need; empty refuses them
 * @param warnings what loading accepted but will not act on (Litestream v0.5 settings), one line each, to be logged
 */
public record Config(
        List<DbConfig> dbs,
        List<DirConfig> dirs,
        Optional<ListenAddress> addr,
        Optional<String> exec,
        LoggingConfig logging,
        Optional<String> heartbeatUrl,
        Duration heartbeatInterval,
        Duration healthWindow,
        Optional<ApiToken> apiToken,
        List<String> warnings) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_HEALTH_WINDOW = Duration.ofMinutes(1);

    public Config {
        dbs = List.copyOf(dbs);
        dirs = List.copyOf(dirs);
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(exec, "exec");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(heartbeatUrl, "heartbeatUrl");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(healthWindow, "healthWindow");
        Objects.requireNonNull(apiToken, "apiToken");
        warnings = List.copyOf(warnings);
    }
}
