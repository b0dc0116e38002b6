package dev.replicator.wiring;

import dev.replicator.Names;
import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replicate.DirectoryDiscovery;
import dev.replicator.replicate.Replication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;

/** What {@code replicate} runs: replication of the {@code path:} entries, and discovery in the {@code dir:} entries. */
public final class ConfiguredReplication {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredReplication.class);

    private final Replication replication;
    private final DirectoryDiscovery discovery;

    private ConfiguredReplication(Replication replication, DirectoryDiscovery discovery) {
        this.replication = replication;
        this.discovery = discovery;
    }

    /** Starts replicating; if discovery cannot start, shuts down within {@code timeout} and rethrows. */
    public static ConfiguredReplication start(Config config, Duration timeout, boolean verbose) throws IOException {
        Replication replication = new Replication(Plans.of(config), Clock.systemUTC(), verbose);
        DirectoryDiscovery discovery = new DirectoryDiscovery(config.dirs().stream().map(Plans::forDir).toList(),
                config.dbs().stream().map(DbConfig::path).collect(Collectors.toSet()), replication, verbose);
        discovery.check();
        replication.start();
        for (DbConfig db : config.dbs()) {
            for (ReplicaConfig r : db.replicas()) {
                log.info("replicating db={} to replica={} ({})", db.path(), Names.quoted(r.name()), r.describe());
            }
        }
        try {
            discovery.start();
        } catch (IOException | RuntimeException e) {
            discovery.close();
            replication.shutdown(timeout);
            throw e;
        }
        for (DirConfig dir : config.dirs()) {
            for (ReplicaConfig r : dir.template().replicas()) {
                log.info("replicating the databases in dir={} ({}{}) to replica={} ({}/<relative path>)", dir.dir(),
                        dir.pattern(), dir.recursive() ? ", recursive" : "", Names.quoted(r.name()), r.describe());
            }
        }
        return new ConfiguredReplication(replication, discovery);
    }

    /** The running replication, for metrics and health. */
    public Replication replication() {
        return replication;
    }

    /** Stops discovery, then does the final sync; false if it did not complete within {@code timeout}. */
    public boolean shutdown(Duration timeout) {
        discovery.close();
        return replication.shutdown(timeout);
    }
}
