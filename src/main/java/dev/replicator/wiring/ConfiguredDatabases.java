package dev.replicator.wiring;

import dev.replicator.config.Config;
import dev.replicator.config.DbConfig;
import dev.replicator.config.DirConfig;
import dev.replicator.replicate.DatabaseFinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The databases a config names: its {@code path:} entries, and those its {@code dir:} entries find or cover. */
public final class ConfiguredDatabases {

    private static final Logger log = LoggerFactory.getLogger(ConfiguredDatabases.class);

    private ConfiguredDatabases() {
    }

    /**
     * The configuration of the database at {@code db}: its own {@code path:} entry, else that of the first
     * {@code dir:} entry that covers the path (whether or not the file exists: restore wants exactly that case).
     */
    public static Optional<DbConfig> find(Config config, Path db) {
        Path wanted = db.toAbsolutePath().normalize();
        return config.dbs().stream()
                .filter(d -> d.path().toAbsolutePath().normalize().equals(wanted))
                .findFirst()
                .or(() -> DatabaseFinder.covering(config.dirs(), wanted).map(d -> DatabaseFinder.forDatabase(d, wanted)));
    }

    /** The {@code path:} entries, then every database the {@code dir:} entries find now. */
    public static List<DbConfig> all(Config config) {
        List<DbConfig> out = new ArrayList<>(config.dbs());
        Set<Path> seen = new HashSet<>();
        config.dbs().forEach(d -> seen.add(d.path()));
        for (DirConfig dir : config.dirs()) {
            for (Path db : found(dir)) {
                if (seen.add(db)) {
                    out.add(DatabaseFinder.forDatabase(dir, db));
                }
            }
        }
        return out;
    }

    private static List<Path> found(DirConfig dir) {
        try {
            return DatabaseFinder.scan(dir).databases();
        } catch (IOException e) {
            log.warn("dir={}: {}", dir.dir(), ErrorMessages.oneLine(e));
            return List.of();
        }
    }
}
