package dev.roundhouse.avro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.config.Config;
import dev.roundhouse.model.GameRound;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Against the running registry (Apicurio's Confluent API; SCHEMA_REGISTRY_URL or the local default). */
class SchemaRegistryIT {
    final Config config = Config.from(System.getenv());
    final SchemaRegistryClient client = SchemaRegistryClient.from(config);
    final String subject = GameRoundSchema.subjectFor("it-" + UUID.randomUUID());

    @Test
    void registersFetchesAndReusesIds() throws Exception {
        assertTrue(client.ping(), "registry at " + config.schemaRegistryUrl() + " answers");
        int id = client.register(subject, GameRoundSchema.json());
        assertTrue(id >= 0);

        // a fresh client: no caches, so both answers really come from the registry
        var fresh = SchemaRegistryClient.from(config);
        assertEquals(id, fresh.register(subject, GameRoundSchema.json()), "same schema, same id");
        Schema back = fresh.schemaById(id);
        assertEquals(GameRoundSchema.schema(), back, "the schema comes back equal (so the decoder takes its fast path)");

        var decoder = new GameRoundDecoder(fresh);
        assertTrue(decoder.isFastPath(id));
        var r = new GameRound();
        r.createdMillis = 1_700_000_000_000L;
        r.gameInstanceId = 20_001;
        r.userId("872de53a900f3250ae5649ea19e5c0d1");
        r.gameId = 12345;
        r.realAmountBet = 500;
        r.bonusAmountBet = GameRound.MISSING;
        r.realAmountWin = 125_000;
        r.bonusAmountWin = 0;
        r.gameName = "Book of Dead";
        r.provider = "Play'n GO";
        GameRoundCodecTest.assertSameRound(r, decoder.decode(new GameRoundEncoder(id).encode(r)));
    }

    @Test
    void aDifferentSchemaGetsADifferentId() throws Exception {
        String other = GameRoundSchema.json().replace("\"name\": \"provider\", \"type\": \"string\"",
                "\"name\": \"provider\", \"type\": \"string\"}, {\"name\": \"currency\", \"type\": \"string\", \"default\": \"EUR\"");
        assertNotEquals(GameRoundSchema.json(), other);
        int a = client.register(subject, GameRoundSchema.json());
        int b = client.register(subject, other);
        assertNotEquals(a, b);
        assertEquals(new Schema.Parser().parse(other), client.schemaById(b));
        // a record written with the evolved schema resolves to a GameRound through the slow path
        assertTrue(!new GameRoundDecoder(client).isFastPath(b));
    }

    @Test
    void unknownIdsAndInvalidSchemasAreReported() {
        var e = assertThrows(SchemaRegistryException.class, () -> client.schemaById(Integer.MAX_VALUE - 7));
        assertEquals(404, e.status());
        assertTrue(e.isNotFound());
        var bad = assertThrows(SchemaRegistryException.class, () -> client.register(subject + "-bad", "{not a schema"));
        assertTrue(bad.status() >= 400 && bad.status() < 500, bad.getMessage());
        assertTrue(!bad.isRetriable());
    }
}
