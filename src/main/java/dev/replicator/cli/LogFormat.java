package dev.replicator.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.replicator.config.LoggingConfig;
import org.slf4j.LoggerFactory;

import java.util.Iterator;

/**
 * {@code logging: {format: json}}: switches the stderr appender of logback.xml to one JSON object per line, with the
 * formatted message, level, logger, thread, timestamp (epoch ms) and the MDC keys {@code db} and {@code replica}.
 */
final class LogFormat {

    private static volatile boolean active;

    private LogFormat() {
    }

    /** Whether log lines are JSON, so that a fatal error is logged as one too. */
    static boolean isJson() {
        return active;
    }

    static void apply(LoggingConfig.Format format) {
        if (format != LoggingConfig.Format.JSON
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                JsonEncoder json = new JsonEncoder();
                json.setContext(context);
                json.setWithSequenceNumber(false);
                json.setWithNanoseconds(false);
                json.setWithContext(false);
                json.setWithMessage(false);
                json.setWithArguments(false);
                json.setWithMarkers(false);
                json.setWithFormattedMessage(true);
                json.start();
                appender.stop();
                appender.setEncoder(json);
                appender.start();
                active = true;
            }
        }
    }
}
