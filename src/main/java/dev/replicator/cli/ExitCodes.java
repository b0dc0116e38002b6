package dev.replicator.cli;

import dev.replicator.config.ConfigException;
import dev.replicator.wiring.ErrorMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Maps failures to exit codes and one-line messages: 0 ok, 1 failure, 2 bad usage or config. */
final class ExitCodes {

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }

    static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        System.err.println("replicator: " + e.getMessage());
        System.err.println("run 'replicator help " + commandName(e.getCommandLine()) + "' for usage");
        return USAGE;
    }

    static int onFailure(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        boolean verbose = Verbosity.isVerbose();
        int code = e instanceof ConfigException || e instanceof UsageException ? USAGE : FAILURE;
        if (LogFormat.isJson()) {
            Logger log = LoggerFactory.getLogger(ExitCodes.class);
            if (verbose) {
                log.error("replicator: {}", ErrorMessages.oneLine(e), e);
            } else {
                log.error("replicator: {}", ErrorMessages.oneLine(e));
            }
            return code;
        }
        System.err.println("replicator: " + ErrorMessages.oneLine(e));
        if (verbose) {
            e.printStackTrace(System.err);
        }
        return code;
    }

    private static String commandName(CommandLine cli) {
        return cli.getParent() == null ? "" : cli.getCommandName();
    }
}
