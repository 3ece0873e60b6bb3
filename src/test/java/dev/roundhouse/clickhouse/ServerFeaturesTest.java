package dev.roundhouse.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The version gates: 18.16 gets no new INSERT settings; 22.2 and later get all four. */
class ServerFeaturesTest {
    @Test
    void debian18IsUnchanged() {
        var f = ServerFeatures.of("18.16.1");
        assertEquals(18, f.major());
        assertFalse(f.deduplicationTokens());
        assertFalse(f.parallelViews());
        assertEquals(Map.of(), f.insertSettings("t"));
        assertEquals(List.of(), f.inUse());
    }

    @Test
    void fromTwentyTwoPointTwoTheSinkUsesTokensParallelViewsAndSynchronousInserts() {
        assertFalse(ServerFeatures.of("22.1.3.7").deduplicationTokens());
        assertEquals(Map.of(), ServerFeatures.of("22.1.3.7").insertSettings("t"));
        assertTrue(ServerFeatures.of("22.2.2.1").deduplicationTokens());
        var current = ServerFeatures.of("26.7.2.1\n");
        assertEquals("26.7.2.1", current.version());
        assertEquals(Map.of("insert_deduplication_token", "tok", "parallel_view_processing", "1",
                "async_insert", "0", "optimize_on_insert", "0"), current.insertSettings("tok"));
        assertEquals(List.of("insert_deduplication_token", "parallel_view_processing", "async_insert", "optimize_on_insert"),
                current.inUse());
    }

    @Test
    void notAVersionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServerFeatures.of("ClickHouse"));
    }
}
