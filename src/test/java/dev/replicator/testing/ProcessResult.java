package dev.replicator.testing;

/** Exit code and complete output of a finished process. */
public record ProcessResult(int exitCode, String stdout, String stderr) {

    /** For assertion messages. */
    public String describe() {
        return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
