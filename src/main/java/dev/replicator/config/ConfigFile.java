package dev.replicator.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;

import static dev.replicator.config.ReplicaType.ABS;
import static dev.replicator.config.ReplicaType.S3;
import static dev.replicator.config.ReplicaType.SFTP;

/**
 * The config file as written, bound by Jackson ({@link YamlText}) with kebab-case keys: every key the file may
 * hold, in the order "known keys here are ..." lists them. A null field is a key that is absent, empty or
 * {@code ""}. {@link ConfigReader} and the readers it calls turn this into a validated {@link Config}.
 */
record ConfigFile(List<Db> dbs, String addr, String exec, Logging logging, String accessKeyId,
                  String secretAccessKey, String heartbeatUrl, Duration heartbeatInterval, Duration healthWindow,
                  String apiToken, String apiTokenFile) {

    static final ConfigFile EMPTY = new ConfigFile(null, null, null, null, null, null, null, null, null, null, null);

    /** {@code stderr} is Litestream's switch from stdout to stderr; replicator always logs to stderr. */
    record Logging(LoggingConfig.Level level, LoggingConfig.Format format, LoggingConfig.Format type, Boolean stderr) {
    }

    /**
     * A {@code dbs:} entry. {@code meta-path} is where Litestream keeps its local state: accepted so that a
     * litestream.yml loads as is; replicator keeps its own beside the database.
     */
    record Db(String path, String dir, String pattern, Boolean recursive, Boolean watch, List<Replica> replicas,
              Duration monitorInterval, Duration checkpointInterval, Integer minCheckpointPageCount,
              Integer maxCheckpointPageCount, Duration busyTimeout, Boolean restoreIfDbMissing, String metaPath) {
    }

    /** A {@code replicas:} entry; {@code validation-interval} is Litestream's name for {@code verify-interval}. */
    record Replica(String name, ReplicaType type, String url, String path, @Only({S3, ABS}) String bucket,
                   @Only({S3, ABS}) String endpoint, @Only(S3) String region, @Only(S3) Boolean forcePathStyle,
                   @Only(S3) Boolean skipVerify, @Only(S3) String accessKeyId, @Only(S3) String secretAccessKey,
                   @Only(SFTP) String host, @Only(SFTP) String user, @Only(SFTP) String password,
                   @Only(SFTP) String keyPath, @Only(ABS) String accountName, @Only(ABS) String accountKey,
                   Duration syncInterval, Duration snapshotInterval, Duration retention,
                   Duration retentionCheckInterval, Duration validationInterval, Age age, Keep retentionKeep,
                   Duration verifyInterval) {

        static Replica ofUrl(String url) {
            return new Replica(null, null, url, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    record Keep(Integer last, Integer hourly, Integer daily, Integer weekly, Integer monthly) {
    }

    record Age(List<String> recipients, List<String> identities, String identityFile) {
    }

    /** A replica key that only these types take, the one to suggest first. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.RECORD_COMPONENT)
    @interface Only {
        ReplicaType[] value();
    }
}
