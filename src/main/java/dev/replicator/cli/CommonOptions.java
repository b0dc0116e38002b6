package dev.replicator.cli;

import dev.replicator.config.Config;
import dev.replicator.config.ConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Flags every subcommand takes. */
final class CommonOptions {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommonOptions.class);

    @Option(names = "-config", paramLabel = "FILE",
            description = "Config file (default: $REPLICATOR_CONFIG or /etc/replicator.yml).")
    Path config;

    @Option(names = "-v", description = "Debug logging and stack traces.")
    void verbose(boolean on) {
        Verbosity.set(on);
    }

    Map<String, String> env() {
        return System.getenv();
    }

    Path configPath() {
        return config != null ? config : ConfigLoader.defaultPath(env());
    }

    Config loadConfig() {
        Path path = configPath();
        Config config = ConfigLoader.load(path, env());
        LogFormat.apply(config.logging().format());
        ConfigLoader.exposedSecretWarning(path).ifPresent(log::warn);
        config.warnings().forEach(log::warn);
        return config;
    }
}
