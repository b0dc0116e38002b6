package dev.replicator.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Entry points: a config file, YAML text, or the config-less command-line forms. Every problem is a
 * {@link ConfigException}. The environment is passed in (normally {@code System.getenv()}) so tests can supply theirs.
 */
public final class ConfigLoader {

    public static final Path DEFAULT_PATH = Path.of("/etc/replicator.yml");
    public static final String CONFIG_ENV = "REPLICATOR_CONFIG";
    private static final String COMMAND_LINE = "command line";

    private ConfigLoader() {
    }

    /** {@code $REPLICATOR_CONFIG} if set, else {@code /etc/replicator.yml}. */
    public static Path defaultPath(Map<String, String> env) {
        String configured = env.get(CONFIG_ENV);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_PATH;
        }
        try {
            return LocalPaths.resolve(configured);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CONFIG_ENV + ": " + e.getMessage() + "; set it to the config file's path");
        }
    }

    public static Config load(Path file, Map<String, String> env) {
        if (!Files.exists(file)) {
            throw new ConfigException("config file " + file + " not found: pass -config FILE or set " + CONFIG_ENV);
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException("config file " + file + " is a directory: pass -config FILE with the YAML "
                    + "file itself");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new ConfigException("config file " + file + " is not UTF-8 text: save it as UTF-8");
        } catch (AccessDeniedException e) {
            throw new ConfigException("config file " + file + " is not readable: permission denied; check its "
                    + "owner and mode");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " could not be read (" + e + ")");
        }
        return parse(text, file.toString(), env);
    }

    /** A warning if {@code file} holds a secret every user can read; logged once the log format is in place. */
    public static Optional<String> exposedSecretWarning(Path file) {
        try {
            return ExposedSecrets.configExposed(file, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** @param sourceName names the text in error messages, usually the file's path */
    public static Config parse(String yaml, String sourceName, Map<String, String> env) {
        String text = yaml.startsWith("\uFEFF") ? yaml.substring(1) : yaml;
        String expanded = EnvExpander.expand(text, env, sourceName);
        YamlText parsed = YamlText.read(expanded, sourceName);
        List<String> warnings = LitestreamV5.adapt(parsed.root(), sourceName);
        return ConfigReader.read(parsed.bind(), parsed, env, warnings);
    }

    /**
     * The config of {@code replicate DB REPLICA_URL...}: one database, every default. Replicas are named after
     * their type ("s3", "file"), with "-2", "-3" ... added when a type repeats.
     */
    public static Config fromArgs(Path db, List<String> replicaUrls, Map<String, String> env) {
        if (replicaUrls.isEmpty()) {
            throw new ConfigException(COMMAND_LINE + ": no replica URL after the database path; pass DB "
                    + "REPLICA_URL... (like s3://BUCKET/PATH) or use -config FILE");
        }
        Path path;
        try {
            path = LocalPaths.resolve(db.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(COMMAND_LINE + ": database " + e.getMessage());
        }
        ReplicaReader reader = new ReplicaReader(Credentials.fromEnv(env), env);
        Map<String, String> locations = new HashMap<>();
        Map<ReplicaType, Integer> perType = new HashMap<>();
        List<ReplicaConfig> replicas = new ArrayList<>();
        for (String url : replicaUrls) {
            ReplicaConfig replica = reader.fromUrl(url, COMMAND_LINE);
            int n = perType.merge(replica.type(), 1, Integer::sum);
            replica = replica.withName(n == 1 ? replica.type().id() : replica.type().id() + "-" + n);
            String earlier = locations.putIfAbsent(replica.describe(), url);
            if (earlier != null) {
                throw new ConfigException(COMMAND_LINE + ": replica URLs " + earlier + " and " + url
                        + " name the same location; give each replica its own path");
            }
            replicas.add(replica);
        }
        return new Config(List.of(DbConfig.of(path, replicas)), List.of(), Optional.empty(), Optional.empty(),
                LoggingConfig.DEFAULT, Optional.empty(), Config.DEFAULT_HEARTBEAT_INTERVAL,
                Config.DEFAULT_HEALTH_WINDOW, Optional.empty(), List.of());
    }

    /** A replica from a URL alone, as {@code restore s3://...} takes it; S3 keys come from the environment. */
    public static ReplicaConfig replicaFromUrl(String url, Map<String, String> env) {
        return new ReplicaReader(Credentials.fromEnv(env), env).fromUrl(url, COMMAND_LINE);
    }

    /** As {@link #replicaFromUrl(String, Map)}, decrypting with the age identities in {@code identityFiles}. */
    public static ReplicaConfig replicaFromUrl(String url, Map<String, String> env, List<String> identityFiles) {
        List<String> identities = new ArrayList<>();
        identityFiles.forEach(f -> identities.addAll(AgeKeyReader.identitiesFromFile("-identity-file", f)));
        return replicaFromUrl(url, env).withAge(new AgeConfig(identities, List.of()));
    }
}
