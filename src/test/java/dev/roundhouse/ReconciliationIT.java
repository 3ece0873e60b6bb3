package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.support.ReferenceRounds.Group;
import dev.roundhouse.support.ReferenceRounds.Row;
import dev.roundhouse.support.ReferenceRounds.Totals;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /reconciliations against the real stack. ClickHouse is loaded directly with the generated file's rows
 * (the read side is what is under test); the expected report of a tampered copy is derived independently
 * from {@link ReferenceRounds}.
 */
class ReconciliationIT {
    private static final int ROWS = 20_000;
    private static final long FIRST_ID = 20_000;
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final GeneratorOptions OPTIONS = GeneratorOptions.defaults().withRows(ROWS).withBom(false)
            .withStart(Instant.parse("2024-05-01T00:00:00Z")).withSpanSeconds(2 * 86_400).withUsers(400).withGames(40)
            .withFirstInstanceId(FIRST_ID);

    private static TestService service;
    private static byte[] original;

    @BeforeAll
    static void loadClickHouse() throws Exception {
        service = TestService.start(Map.of());
        original = RoundsGenerator.toBytes(OPTIONS);
        try (var client = ClickHouseClient.from(service.config());
             var reader = RoundReader.open(new ByteArrayInputStream(original), null)) {
            client.insert(GameRoundRows.table(service.config().clickhouseDatabase()), GameRoundRows.COLUMNS, out -> {
                var r = new GameRound();
                long offset = 0;
                while (reader.next(r, e -> { throw new AssertionError(e.toString()); })) {
                    GameRoundRows.write(out, r, "reconciliation-it", 0, offset++);
                }
            });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) service.close();
    }

    @Test
    void theLoadedFileMatches() throws Exception {
        var groups = ReferenceRounds.hourly(ReferenceRounds.parse(original, StandardCharsets.UTF_16BE)).size();
        JsonNode report = reconcile("/reconciliations", original);

        assertEquals("match", report.get("status").asText(), report.toString());
        assertCsv(report, ROWS, ROWS, 0);
        JsonNode rows = report.get("rows");
        assertEquals(ROWS, rows.get("compared").asLong());
        for (String part : List.of("missing_in_clickhouse", "different", "extra_in_clickhouse")) {
            assertEquals(0, rows.get(part).get("count").asLong(), part);
            assertEquals(0, rows.get(part).get("sample").size(), part);
        }
        JsonNode aggregates = report.get("aggregates");
        assertEquals(groups, aggregates.get("groups_compared").asLong());
        assertEquals(groups, aggregates.get("groups_matching").asLong());
        assertEquals(0, aggregates.get("mismatches").get("count").asLong());
        assertTrue(report.get("duration_ms").asLong() >= 0);
    }

    @Test
    void aTamperedCopyReportsExactlyTheTamperedRowsAndGroups() throws Exception {
        var tampered = new Tampered(original);
        JsonNode report = reconcile("/reconciliations", tampered.bytes);

        assertEquals("mismatch", report.get("status").asText());
        assertCsv(report, ROWS + 1, ROWS, 1); // one removed, one added, one invalid
        JsonNode rows = report.get("rows");
        assertEquals(ROWS - 1, rows.get("compared").asLong()); // all accepted rows but the added one
        assertEquals(Set.of(tampered.addedId), ids(rows.get("missing_in_clickhouse")));
        assertEquals(Set.of(tampered.removedId), ids(rows.get("extra_in_clickhouse")));
        Set<String> different = entries(rows.get("different"), "game_instance_id");
        assertEquals(Set.of(tampered.changedAmountId + "|real_amount_bet", tampered.movedId + "|created_timestamp"),
                different.stream().map(e -> e.substring(0, e.indexOf('|', e.indexOf('|') + 1))).collect(Collectors.toSet()));

        List<Row> before = ReferenceRounds.parse(original, StandardCharsets.UTF_16BE);
        List<Row> after = ReferenceRounds.parse(tampered.validText().getBytes(StandardCharsets.UTF_16BE), StandardCharsets.UTF_16BE);
        assertEquals(expectedRowDifferences(after, before), different);

        var expectedGroups = expectedGroupDifferences(ReferenceRounds.hourly(after), ReferenceRounds.hourly(before));
        JsonNode aggregates = report.get("aggregates");
        assertEquals(expectedGroups, entries(aggregates.get("mismatches"), "hour", "player_id", "game_id"));
        Set<String> mismatchingGroups = expectedGroups.stream().map(e -> e.substring(0, e.indexOf("|", e.indexOf("|", e.indexOf("|") + 1) + 1)))
                .collect(Collectors.toSet());
        assertEquals(tampered.affectedGroups(before), mismatchingGroups);
        long groupsCompared = aggregates.get("groups_compared").asLong();
        assertEquals(union(ReferenceRounds.hourly(after).keySet(), ReferenceRounds.hourly(before).keySet()), groupsCompared);
        assertEquals(groupsCompared - mismatchingGroups.size(), aggregates.get("groups_matching").asLong());
    }

    @Test
    void asyncAnswers202AndTheSameReportWhenDone() throws Exception {
        byte[] tampered = new Tampered(original).bytes;
        JsonNode sync = reconcile("/reconciliations", tampered);

        var accepted = service.post("/reconciliations?async=true&charset=utf-16be", "text/csv", tampered);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode started = Json.MAPPER.readTree(accepted.body());
        assertEquals("running", started.get("status").asText());
        String id = started.get("id").asText();

        JsonNode status = null;
        for (int i = 0; i < 600; i++) {
            var polled = service.get("/reconciliations/" + id);
            assertEquals(200, polled.statusCode(), polled.body());
            status = Json.MAPPER.readTree(polled.body());
            if (!status.get("status").asText().equals("running")) break;
            Thread.sleep(100);
        }
        assertEquals("done", status.get("status").asText(), status.toString());
        assertEquals(id, status.get("id").asText());
        assertEquals(tampered.length, status.get("bytes_read").asLong());
        assertEquals(ROWS + 1, status.get("rows_read").asLong());
        assertEquals(withoutDuration(sync), withoutDuration(status.get("report")));
    }

    @Test
    void unknownJobIs404AndBadParametersAre400() throws Exception {
        var unknown = service.get("/reconciliations/no-such-job");
        assertEquals(404, unknown.statusCode());
        assertEquals("not_found", Json.MAPPER.readTree(unknown.body()).get("error").asText());
        var bad = service.post("/reconciliations?sample_limit=-1", "text/csv", original);
        assertEquals(400, bad.statusCode(), bad.body());
        var notCsv = service.post("/reconciliations", "text/csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, notCsv.statusCode(), notCsv.body());
        assertEquals("invalid_csv", Json.MAPPER.readTree(notCsv.body()).get("error").asText());
    }

    // ---- the tampered copy and its independent expectations ----

    /** The original with one amount changed, one row removed, one added, one moved three hours later, and one invalid row. */
    private static final class Tampered {
        final long changedAmountId = FIRST_ID + 5_000;
        final long removedId = FIRST_ID + 8_000;
        final long movedId = FIRST_ID + 12_000;
        final long addedId = FIRST_ID + ROWS + 1_000;
        final long addedLikeId = FIRST_ID + 15_000;
        final List<String> lines;
        final String invalid;
        final byte[] bytes;

        Tampered(byte[] original) {
            lines = new ArrayList<>(List.of(new String(original, StandardCharsets.UTF_16BE).split("\n")));
            int index = (int) (changedAmountId - FIRST_ID + 1); // line 0 is the header
            String[] f = lines.get(index).split(",", 9);
            assertNotEquals("987.6543", f[4]);
            f[4] = "987.6543";
            lines.set(index, String.join(",", f));

            index = (int) (movedId - FIRST_ID + 1);
            f = lines.get(index).split(",", 9);
            f[0] = LocalDateTime.parse(f[0], TIMESTAMP).plusHours(3).format(TIMESTAMP);
            lines.set(index, String.join(",", f));

            f = lines.get((int) (addedLikeId - FIRST_ID + 1)).split(",", 9);
            f[1] = String.valueOf(addedId);
            f[2] = "feedfacefeedfacefeedfacefeedface";
            lines.add(String.join(",", f));

            lines.remove((int) (removedId - FIRST_ID + 1));
            f[1] = String.valueOf(addedId + 1);
            f[4] = "-1";
            invalid = String.join(",", f);
            bytes = (String.join("\n", lines) + "\n" + invalid + "\n").getBytes(StandardCharsets.UTF_16BE);
        }

        /** The tampered file without its invalid row: what the service compares. */
        String validText() {
            return String.join("\n", lines) + "\n";
        }

        /** hour|player|game of every group a tamper touches, from the original rows. */
        Set<String> affectedGroups(List<Row> before) {
            Map<Long, Row> byId = before.stream().collect(Collectors.toMap(Row::gameInstanceId, Function.identity()));
            Set<String> out = new HashSet<>();
            for (long id : List.of(changedAmountId, removedId, movedId)) out.add(group(byId.get(id), 0));
            out.add(group(byId.get(movedId), 3));
            Row like = byId.get(addedLikeId);
            out.add(hour(like.createdMillis()) + "|feedfacefeedfacefeedfacefeedface|" + like.gameId());
            return out;
        }

        private static String group(Row r, int plusHours) {
            return hour(r.createdMillis() + plusHours * 3_600_000L) + "|" + r.userId() + "|" + r.gameId();
        }
    }

    /** id|field|csv|clickhouse for every differing field of every id on both sides. */
    private static Set<String> expectedRowDifferences(List<Row> csv, List<Row> stored) {
        Map<Long, Row> storedById = stored.stream().collect(Collectors.toMap(Row::gameInstanceId, Function.identity()));
        Map<String, Function<Row, Object>> fields = new TreeMap<>(Map.of(
                "created_timestamp", r -> time(r.createdMillis()), "user_id", Row::userId, "game_id", Row::gameId,
                "real_amount_bet", r -> money(r.realBet()), "bonus_amount_bet", r -> money(r.bonusBet()),
                "real_amount_win", r -> money(r.realWin()), "bonus_amount_win", r -> money(r.bonusWin()),
                "game_name", Row::gameName, "provider", Row::provider));
        Set<String> out = new TreeSet<>();
        for (Row mine : csv) {
            Row theirs = storedById.get(mine.gameInstanceId());
            if (theirs == null) continue;
            fields.forEach((name, get) -> {
                if (!Objects.equals(get.apply(mine), get.apply(theirs))) {
                    out.add(mine.gameInstanceId() + "|" + name + "|" + get.apply(mine) + "|" + get.apply(theirs));
                }
            });
        }
        return out;
    }

    /** hour|player|game|field|csv|clickhouse for every differing field of every group on either side (absent = zeros). */
    private static Set<String> expectedGroupDifferences(Map<Group, Totals> csv, Map<Group, Totals> stored) {
        Map<String, Function<Totals, Object>> fields = Map.of(
                "rounds", Totals::rounds, "real_amount_bet", t -> money(t.realBet()), "bonus_amount_bet", t -> money(t.bonusBet()),
                "real_amount_win", t -> money(t.realWin()), "bonus_amount_win", t -> money(t.bonusWin()));
        Totals zero = new Totals(0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        Set<Group> keys = new TreeSet<>(csv.keySet());
        keys.addAll(stored.keySet());
        Set<String> out = new TreeSet<>();
        for (Group g : keys) {
            Totals mine = csv.getOrDefault(g, zero), theirs = stored.getOrDefault(g, zero);
            fields.forEach((name, get) -> {
                if (!Objects.equals(get.apply(mine), get.apply(theirs))) {
                    out.add(hour(g.hourMillis()) + "|" + g.userId() + "|" + g.gameId() + "|" + name + "|" + get.apply(mine) + "|" + get.apply(theirs));
                }
            });
        }
        return out;
    }

    // ---- helpers ----

    private static JsonNode reconcile(String path, byte[] csv) throws Exception {
        var response = service.post(path, "text/csv", csv);
        assertEquals(200, response.statusCode(), response.body());
        return Json.MAPPER.readTree(response.body());
    }

    private static void assertCsv(JsonNode report, long read, long accepted, long rejected) {
        JsonNode csv = report.get("csv");
        assertEquals(read, csv.get("rows_read").asLong());
        assertEquals(accepted, csv.get("rows_accepted").asLong());
        assertEquals(rejected, csv.get("rows_rejected").asLong());
    }

    /** The ids of a sample, checking that it is complete. */
    private static Set<Long> ids(JsonNode part) {
        Set<Long> out = new HashSet<>();
        part.get("sample").forEach(n -> out.add(n.asLong()));
        assertEquals(part.get("count").asLong(), out.size());
        return out;
    }

    /** key fields…|field|csv|clickhouse of a complete sample. */
    private static Set<String> entries(JsonNode part, String... keys) {
        Set<String> out = new TreeSet<>();
        for (JsonNode n : part.get("sample")) {
            var b = new StringBuilder();
            for (String k : keys) b.append(n.get(k).asText()).append('|');
            b.append(n.get("field").asText()).append('|').append(text(n.get("csv"))).append('|').append(text(n.get("clickhouse")));
            out.add(b.toString());
        }
        assertEquals(part.get("count").asLong(), out.size());
        return out;
    }

    private static String text(JsonNode n) {
        return n.isNull() ? "null" : n.asText();
    }

    private static long union(Set<Group> a, Set<Group> b) {
        Set<Group> all = new HashSet<>(a);
        all.addAll(b);
        return all.size();
    }

    private static JsonNode withoutDuration(JsonNode report) {
        var copy = (ObjectNode) report.deepCopy();
        copy.remove("duration_ms");
        return copy;
    }

    private static String time(long millis) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000L), 0, ZoneOffset.UTC).format(TIMESTAMP);
    }

    private static String hour(long millis) {
        return time(millis - Math.floorMod(millis, 3_600_000L));
    }

    /** The documented money text: the exact value with two to four fraction digits. */
    private static String money(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal exact = ReferenceRounds.scaled(v).stripTrailingZeros();
        return (exact.scale() < 2 ? exact.setScale(2) : exact).toPlainString();
    }
}
