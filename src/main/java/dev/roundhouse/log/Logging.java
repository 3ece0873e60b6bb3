package dev.roundhouse.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sets up java.util.logging for the process: one {@link LogfmtFormatter} line per event on stderr, at the
 * configured level. The service logs through System.Logger and Kafka's clients through SLF4J (slf4j-jdk14), both
 * of which end here. Kafka's clients stay at WARNING even with a more verbose level: at INFO a producer alone
 * writes ~150 lines of its configuration each time one starts.
 */
public final class Logging {
    /** Held here: java.util.logging keeps loggers weakly, and a collected one would forget its level. */
    private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

    private Logging() {}

    public static void configure(System.Logger.Level level) {
        Level jul = julLevel(level);
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        Handler stderr = new ConsoleHandler();
        stderr.setFormatter(new LogfmtFormatter());
        stderr.setLevel(jul);
        root.addHandler(stderr);
        root.setLevel(jul);
        KAFKA.setLevel(jul.intValue() > Level.WARNING.intValue() ? jul : Level.WARNING);
    }

    static Level julLevel(System.Logger.Level level) {
        return switch (level) {
            case ALL -> Level.ALL;
            case TRACE -> Level.FINER;
            case DEBUG -> Level.FINE;
            case INFO -> Level.INFO;
            case WARNING -> Level.WARNING;
            case ERROR -> Level.SEVERE;
            case OFF -> Level.OFF;
        };
    }
}
