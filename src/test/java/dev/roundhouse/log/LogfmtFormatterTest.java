package dev.roundhouse.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogfmtFormatterTest {
    private static final LogfmtFormatter FORMAT = new LogfmtFormatter();
    private static final Instant AT = Instant.parse("2026-12-06T00:40:01.123Z");

    @Test
    void fieldsFollowTheMessageOnOneLine() {
        var r = record(Level.INFO, "sink resumes", "topic", "staging-bets", "partition", 3, "offset", 0L);
        r.setLoggerName("dev.roundhouse.sink.Sink");
        assertEquals("ts=2026-12-06T00:40:01.123Z level=info logger=sink.Sink msg=\"sink resumes\" topic=staging-bets partition=3 offset=0\n",
                FORMAT.format(r));
    }

    @Test
    void valuesWithSpacesQuotesOrControlsAreQuotedAndEscaped() {
        var r = record(Level.WARNING, "x", "error", "a \"b\" c=d\\e\nf\tg\u0001", "empty", "");
        r.setLoggerName("org.apache.kafka.clients.NetworkClient");
        assertEquals("ts=2026-12-06T00:40:01.123Z level=warn logger=org.apache.kafka.clients.NetworkClient msg=x"
                + " error=\"a \\\"b\\\" c=d\\\\e\\nf\\tg\\u0001\" empty=\"\"\n", FORMAT.format(r));
    }

    @Test
    void messageFormatPlaceholdersAndOddParametersAreFormattedNotTakenAsFields() {
        assertEquals("ts=2026-12-06T00:40:01.123Z level=error logger=\"\" msg=\"still running after 5 ms\"\n",
                FORMAT.format(record(Level.SEVERE, "still running after {0} ms", 5)));
        assertEquals("ts=2026-12-06T00:40:01.123Z level=debug logger=\"\" msg=\"two words\"\n",
                FORMAT.format(record(Level.FINE, "two words", "Not A Name", 1)));
    }

    @Test
    void anExceptionBecomesErrorAndStackFieldsOnTheSameLine() {
        var r = record(Level.SEVERE, "failed");
        r.setThrown(new IOException("refused"));
        String line = FORMAT.format(r);
        assertTrue(line.startsWith("ts=2026-12-06T00:40:01.123Z level=error logger=\"\" msg=failed error=\"java.io.IOException: refused\""
                + " stack=\"java.io.IOException: refused\\n\\tat "), line);
        assertEquals(1, line.lines().count(), line);
    }

    private static LogRecord record(Level level, String message, Object... params) {
        var r = new LogRecord(level, message);
        r.setInstant(AT);
        r.setParameters(params.length == 0 ? null : params);
        return r;
    }
}
