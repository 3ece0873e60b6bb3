package dev.roundhouse.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        var b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
        long[] expected = {100, 200, 400, 800, 1600, 3200, 5000, 5000};
        for (long e : expected) {
            assertEquals(e, b.nextDelayMillis());
        }
        b.reset();
        assertEquals(100, b.nextDelayMillis());
        assertEquals(5000, b.capMillis());
    }

    @Test
    void batchesMustStayOneInsertBlock() {
        assertThrows(IllegalArgumentException.class,
                () -> new SinkTuning(1_048_576, 1 << 20, 20_000, 1 << 20, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new SinkTuning(0, 1 << 20, 20_000, 1 << 20, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(5)));
    }
}
