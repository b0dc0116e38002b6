package dev.replicator.replicate;

import org.slf4j.MDC;

import java.nio.file.Path;

/** Puts {@code db} and {@code replica} into the logging MDC while a task runs, so JSON log lines carry them. */
final class LogContext implements AutoCloseable {

    private LogContext(Path db, String replica) {
        MDC.put("db", db.toString());
        if (replica != null) {
            MDC.put("replica", replica);
        }
    }

    /** Sets the fields until {@link #close()}; {@code replica} may be null. */
    static LogContext enter(Path db, String replica) {
        return new LogContext(db, replica);
    }

    static Runnable of(Path db, String replica, Runnable task) {
        return () -> {
            try (LogContext ignored = enter(db, replica)) {
                task.run();
            }
        };
    }

    @Override
    public void close() {
        MDC.remove("db");
        MDC.remove("replica");
    }
}
