package dev.flightpipeline.infra;

import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedded servers' own loggers at WARN: a Kafka broker logs thousands of INFO lines a
 * minute, which would bury the logs of the application or test that runs it.
 *
 * <p>Only loggers without a level of their own are changed, so configuring one (a
 * {@code <logger name="kafka" level="INFO"/>} in the logback configuration, or Spring Boot's
 * {@code logging.level.kafka=INFO}) brings its output back. Only logback is adjusted; with another
 * logging backend, configure these loggers there. A logging system that is configured again after
 * a server started (Spring Boot does so when its first application starts) forgets the change:
 * call {@link #quietUnlessConfigured()} again after that.
 */
public final class EmbeddedServerLogging {

    /** The broker's and controller's loggers, and the few shared ones that only print settings. */
    static final List<String> SERVER_LOGGERS = List.of(
            "kafka",
            "state.change.logger",
            "org.apache.kafka.controller",
            "org.apache.kafka.coordinator",
            "org.apache.kafka.image",
            "org.apache.kafka.metadata",
            "org.apache.kafka.network",
            "org.apache.kafka.queue",
            "org.apache.kafka.raft",
            "org.apache.kafka.security",
            "org.apache.kafka.server",
            "org.apache.kafka.snapshot",
            "org.apache.kafka.storage",
            "org.apache.kafka.common.config.AbstractConfig",
            "org.apache.kafka.common.metrics",
            "org.apache.kafka.common.telemetry",
            "org.apache.kafka.common.utils.AppInfoParser",
            "io.zonky.test.db.postgres");

    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private EmbeddedServerLogging() {}

    /** Sets the embedded servers' loggers to WARN, except those configured explicitly. */
    public static void quietUnlessConfigured() {
        ILoggerFactory loggers = LoggerFactory.getILoggerFactory();
        // Compared by name so that this class loads without logback on the class path.
        if (loggers.getClass().getName().equals(LOGBACK_CONTEXT)) {
            LogbackLevels.warnUnlessConfigured(loggers, SERVER_LOGGERS);
        }
    }

    /** Loaded only when logback is the backend. */
    private static final class LogbackLevels {

        static void warnUnlessConfigured(ILoggerFactory loggers, List<String> names) {
            var context = (ch.qos.logback.classic.LoggerContext) loggers;
            for (String name : names) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }
    }
}
