package dev.replicator.wiring;

import java.nio.file.NoSuchFileException;

/** The one-line message of a failure, as the log and the command line show it. */
public final class ErrorMessages {

    private ErrorMessages() {
    }

    public static String oneLine(Throwable e) {
        if (e instanceof NoSuchFileException nsf) {
            return nsf.getFile() + (nsf.getReason() == null ? ": no such file" : ": " + nsf.getReason());
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
