package dev.replicator.wiring;

import dev.replicator.Names;
import dev.replicator.config.ConfigException;
import dev.replicator.config.DbConfig;
import dev.replicator.config.ReplicaConfig;
import dev.replicator.replica.Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

/** Builds the codec (LZ4, and age when configured) a replica's configuration names. */
final class ReplicaCodecs {

    private static final Logger log = LoggerFactory.getLogger(ReplicaCodecs.class);

    private ReplicaCodecs() {
    }

    static Codec create(ReplicaConfig config) {
        try {
            return Codec.age(config.age().recipients(), config.age().identities());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("replica " + config.name() + ": " + e.getMessage());
        }
    }

    /** The codec a replicating replica uploads with, after saying which of its recipients it can read back. */
    static Codec forUploads(DbConfig db, ReplicaConfig config) {
        Codec codec = create(config);
        if (!codec.encrypts()) {
            return codec;
        }
        List<String> unreadable;
        try {
            unreadable = codec.recipientsWithoutIdentity();
        } catch (IOException e) {
            throw new ConfigException("replica " + config.name() + ": " + e.getMessage());
        }
        int recipients = config.age().recipients().size();
        if (config.age().identities().isEmpty()) {
            log.info("db={} replica={} encrypts with age to {} recipient(s) and holds no identity: each start uploads "
                    + "a new snapshot, and restores need the identity", db.path(), Names.quoted(config.name()),
                    recipients);
        } else if (unreadable.size() == recipients) {
            log.warn("db={} replica={} has age identities but none decrypts its recipients {}: each start uploads a "
                    + "new snapshot; add the identity of one recipient to read back what is uploaded", db.path(),
                    Names.quoted(config.name()), unreadable);
        } else {
            log.info("db={} replica={} encrypts with age to {} recipient(s); the identities here decrypt {} of them",
                    db.path(), Names.quoted(config.name()), recipients, recipients - unreadable.size());
        }
        return codec;
    }
}
