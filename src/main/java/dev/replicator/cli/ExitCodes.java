package dev.replicator.cli;

import dev.replicator.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.nio.file.NoSuchFileException;

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
                log.error("replicator: {}", message(e), e);
            } else {
                log.error("replicator: {}", message(e));
            }
            return code;
        }
        System.err.println("replicator: " + message(e));
        if (verbose) {
            e.printStackTrace(System.err);
        }
        return code;
    }

    static String message(Throwable e) {
        if (e instanceof NoSuchFileException nsf) {
            return nsf.getFile() + (nsf.getReason() == null ? ": no such file" : ": " + nsf.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String commandName(CommandLine cli) {
        return cli.getParent() == null ? "" : cli.getCommandName();
    }
}
