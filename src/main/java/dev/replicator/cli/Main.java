package dev.replicator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code replicator} command line: Litestream's subcommands and single-dash flags. */
@Command(name = "replicator", mixinStandardHelpOptions = false,
        description = "Continuous point-in-time backup of SQLite databases to S3-compatible storage or a directory.",
        subcommands = {ReplicateCommand.class, RestoreCommand.class, DatabasesCommand.class,
                GenerationsCommand.class, SnapshotsCommand.class, WalCommand.class, VersionCommand.class,
                DemoCommand.class, SnapshotCommand.class, StatusCommand.class, CheckCommand.class, VerifyCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setPosixClusteredShortOptionsAllowed(false);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(ExitCodes::onBadUsage);
        cli.setExecutionExceptionHandler(ExitCodes::onFailure);
        cli.setExecutionStrategy(new CommandLine.RunLast());
        return cli.execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.err);
        throw new CommandLine.ParameterException(new CommandLine(this), "a subcommand is required");
    }
}
