package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.TopicReader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /uploads through the real Kafka and registry: what lands decodes field by field to what the CSV says. */
class UploadIT {
    private static TestService service;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(Map.of("ROUNDHOUSE_SINK", "off"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    @Test
    void everyEncodingLandsExactlyAndDuplicatesAreRefused() throws Exception {
        long expected = 0;
        long firstId = 20_000;
        List<ReferenceRounds.Row> sent = new ArrayList<>();
        for (var variant : List.of(
                new Object[] {StandardCharsets.UTF_16BE, true}, new Object[] {StandardCharsets.UTF_16BE, false},
                new Object[] {StandardCharsets.UTF_16LE, true}, new Object[] {StandardCharsets.UTF_8, false})) {
            Charset charset = (Charset) variant[0];
            var options = GeneratorOptions.defaults().withRows(3_000).withSeed(firstId).withCharset(charset)
                    .withBom((Boolean) variant[1]).withFirstInstanceId(firstId);
            byte[] csv = RoundsGenerator.toBytes(options);
            var response = service.post("/uploads", "text/csv", csv);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode summary = Json.MAPPER.readTree(response.body());
            assertEquals(3_000, summary.get("rows_read").asLong());
            assertEquals(3_000, summary.get("rows_accepted").asLong());
            assertEquals(0, summary.get("rows_rejected").asLong());
            sent.addAll(ReferenceRounds.parse(csv, charset));
            expected += 3_000;
            firstId += 10_000;

            var again = service.post("/uploads", "text/csv", csv);
            assertEquals(409, again.statusCode(), again.body());
            assertEquals(summary.get("upload_id").asText(), Json.MAPPER.readTree(again.body()).get("upload_id").asText());
        }

        List<GameRound> landed = TopicReader.committedRounds(service.config());
        assertEquals(expected, landed.size());
        landed.sort(Comparator.comparingLong(r -> r.gameInstanceId));
        sent.sort(Comparator.comparingLong(ReferenceRounds.Row::gameInstanceId));
        for (int i = 0; i < sent.size(); i++) {
            var want = sent.get(i);
            var got = landed.get(i);
            assertEquals(want.gameInstanceId(), got.gameInstanceId);
            assertEquals(want.createdMillis(), got.createdMillis);
            assertEquals(want.userId(), got.userId());
            assertEquals(want.gameId(), got.gameId);
            assertEquals(unscaled(want.realBet()), got.realAmountBet, "real_amount_bet of " + want.gameInstanceId());
            assertEquals(unscaled(want.bonusBet()), got.bonusAmountBet);
            assertEquals(unscaled(want.realWin()), got.realAmountWin);
            assertEquals(unscaled(want.bonusWin()), got.bonusAmountWin);
            assertEquals(want.gameName(), got.gameName);
            assertEquals(want.provider(), got.provider);
        }
    }

    @Test
    void rejectedUploadLeavesNothingVisibleAndReportsLines() throws Exception {
        String csv = RoundsGenerator.HEADER + "\n"
                + "2024-03-01 10:00:00,900001,aa11,26264,0.10,0,0.05,,\"Play'n GO, Deluxe\",Play'n GO\n"
                + "2024-03-01 10:00:01,900002,aa11,26264,-1,0,0,0,Book,Prov\n"
                + "2024-03-01 10:00:02,900001,bb22,26264,0.10,0,0.05,NaN,Book,Prov\n";
        var before = TopicReader.committedRecords(service.config()).size();
        var response = service.post("/uploads?on_error=reject&charset=utf-8", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(422, response.statusCode(), response.body());
        JsonNode body = Json.MAPPER.readTree(response.body());
        assertEquals("rows_rejected", body.get("error").asText());
        assertEquals(2, body.get("rows_rejected").asLong());
        assertEquals(3, body.get("errors").get(0).get("line").asLong());
        assertEquals("real_amount_bet", body.get("errors").get(0).get("field").asText());
        assertEquals(4, body.get("errors").get(1).get("line").asLong());
        assertEquals("game_instance_id", body.get("errors").get(1).get("field").asText());
        assertEquals(before, TopicReader.committedRecords(service.config()).size());

        var skipped = service.post("/uploads?charset=utf-8", "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, skipped.statusCode(), skipped.body());
        assertEquals(1, Json.MAPPER.readTree(skipped.body()).get("rows_accepted").asLong());
        assertEquals(before + 1, TopicReader.committedRecords(service.config()).size());
    }

    @Test
    void notThisCsvIsA400() throws Exception {
        var response = service.post("/uploads", "text/csv", "a,b,c\n1,2,3\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_csv", Json.MAPPER.readTree(response.body()).get("error").asText());
        assertTrue(service.get("/health").statusCode() == 200);
    }

    private static long unscaled(BigDecimal v) {
        return v == null ? GameRound.MISSING : v.setScale(GameRound.SCALE).unscaledValue().longValueExact();
    }
}
