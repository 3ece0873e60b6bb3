package dev.roundhouse.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
    @Test
    void kafkasSlf4jEventsArriveInJavaUtilLoggingWhereOurFormatterWritesThem() {
        List<LogRecord> seen = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(r);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger jul = Logger.getLogger("org.apache.kafka.clients.LoggingTest");
        jul.addHandler(capture);
        try {
            LoggerFactory.getLogger("org.apache.kafka.clients.LoggingTest").warn("broker {} disconnected", 3);
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(List.of("WARNING broker 3 disconnected"), seen.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
    }

    @Test
    void everyServiceLevelMapsToOneJulLevel() {
        assertEquals(Level.FINER, Logging.julLevel(System.Logger.Level.TRACE));
        assertEquals(Level.FINE, Logging.julLevel(System.Logger.Level.DEBUG));
        assertEquals(Level.INFO, Logging.julLevel(System.Logger.Level.INFO));
        assertEquals(Level.WARNING, Logging.julLevel(System.Logger.Level.WARNING));
        assertEquals(Level.SEVERE, Logging.julLevel(System.Logger.Level.ERROR));
    }
}
