package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.avro.GameRoundSchema;
import dev.roundhouse.avro.SchemaRegistryException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    private static final int SCHEMA_ID = 7;

    @Test
    void warmsTheSinkPathThroughTheDecoderAskingForTheSchemaOnce() throws Exception {
        var lookups = new AtomicInteger();
        var decoder = new GameRoundDecoder(id -> {
            assertEquals(SCHEMA_ID, id);
            lookups.incrementAndGet();
            return GameRoundSchema.schema();
        });
        WarmUp.run(2_000, new GameRoundEncoder(SCHEMA_ID), decoder);
        assertEquals(1, lookups.get(), "every warm-up record decoded with the one cached schema");
    }

    @Test
    void aRegistryThatFailsLeavesOnlyTheSinkPathCold() {
        var lookups = new AtomicInteger();
        var decoder = new GameRoundDecoder(id -> {
            lookups.incrementAndGet();
            throw new SchemaRegistryException("registry down", 503, 0, null, null);
        });
        assertDoesNotThrow(() -> WarmUp.run(2_000, new GameRoundEncoder(SCHEMA_ID), decoder));
        assertEquals(1, lookups.get(), "the sink's warm-up stops at the first failure");
    }
}
