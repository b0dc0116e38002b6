package dev.replicator.replicate;

import org.slf4j.MDC;

import java.nio.file.Path;

/** Puts {@code db} and {@code replica} into the logging MDC while a task runs, so JSON log lines carry them. */
final class LogContext {

    private LogContext() {
    }

    static Runnable of(Path db, String replica, Runnable task) {
        return () -> {
            MDC.put("db", db.toString());
            if (replica != null) {
                MDC.put("replica", replica);
            }
            try {
                task.run();
            } finally {
                MDC.remove("db");
                MDC.remove("replica");
            }
        };
    }
}
