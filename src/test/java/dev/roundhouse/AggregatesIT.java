package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.Profile;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.support.ReferenceRounds.Group;
import dev.roundhouse.support.ReferenceRounds.Totals;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * GET /aggregates against the real ClickHouse: for a generated file, every lookup equals what
 * {@link ReferenceRounds} computes from the CSV. The rows are inserted straight into game_rounds (in three
 * interleaved INSERTs, so the aggregate tables hold several unmerged rows per key) — this tests the read side.
 */
class AggregatesIT {
    private static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    private static final Pattern MONEY = Pattern.compile("\\d+\\.\\d{2,4}");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestService service;
    private static Map<Group, Totals> expected;
    private static String heavyPlayer;
    private static long heavyGame;

    @BeforeAll
    static void start() throws Exception {
        service = TestService.start(Map.of("ROUNDHOUSE_SINK", "off"));
        // independent rows: ~19,000 groups for the pages and ranges to cut through (sessions would give ~250)
        var options = GeneratorOptions.defaults().withRows(20_000).withSeed(5).withStart(START)
                .withSpanSeconds(3 * 24 * 3600).withUsers(300).withGames(25).withProfile(Profile.INDEPENDENT);
        byte[] csv = RoundsGenerator.toBytes(options);
        insertDirectly(csv);
        expected = ReferenceRounds.hourly(ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE));
        heavyPlayer = mostFrequent(expected.keySet().stream().map(Group::userId).toList());
        heavyGame = mostFrequent(expected.keySet().stream().map(Group::gameId).toList());
    }

    @AfterAll
    static void stop() throws Exception {
        var config = service.config();
        service.close();
        try (var ch = ClickHouseClient.from(config)) {
            ch.execute("DROP DATABASE IF EXISTS " + config.clickhouseDatabase());
        }
    }

    @Test
    void onePlayerWithTotals() throws Exception {
        var body = getJson("/aggregates?limit=10000&totals=true&player_id=" + heavyPlayer);
        assertEquals(expected(g -> g.userId().equals(heavyPlayer)), items(body.get("items")));
        assertTrue(body.get("next_cursor").isNull());
        assertTotals(g -> g.userId().equals(heavyPlayer), body.get("totals"));
    }

    @Test
    void oneGameWalkedInPages() throws Exception {
        assertEquals(expected(g -> g.gameId() == heavyGame), walk("game_id=" + heavyGame, 500));
    }

    @Test
    void playerAndGame() throws Exception {
        long game = expected.keySet().stream().filter(g -> g.userId().equals(heavyPlayer)).findFirst().orElseThrow().gameId();
        var body = getJson("/aggregates?player_id=" + heavyPlayer + "&game_id=" + game + "&totals=1");
        var want = expected(g -> g.userId().equals(heavyPlayer) && g.gameId() == game);
        assertTrue(!want.isEmpty());
        assertEquals(want, items(body.get("items")));
        assertTotals(g -> g.userId().equals(heavyPlayer) && g.gameId() == game, body.get("totals"));
    }

    @Test
    void dateRangeCuttingThroughTheData() throws Exception {
        long from = START.plusSeconds(17 * 3600).toEpochMilli();
        long to = START.plusSeconds(41 * 3600).toEpochMilli();
        Predicate<Group> inRange = g -> g.hourMillis() >= from && g.hourMillis() < to;
        var want = expected(inRange);
        assertTrue(want.size() > 100 && want.size() < expected.size() / 2, "the range cuts through the data");
        assertEquals(want, walk("from=2024-03-01T17:00:00Z&to=2024-03-02T17:00:00Z", 1000));

        Predicate<Group> day = g -> g.hourMillis() >= START.plusSeconds(86_400).toEpochMilli() && g.hourMillis() < START.plusSeconds(2 * 86_400).toEpochMilli();
        assertEquals(expected(day.and(g -> g.userId().equals(heavyPlayer))),
                walk("date_from=2024-03-02&date_to=2024-03-03&player_id=" + heavyPlayer, 7));
    }

    @Test
    void fullWalkSeesEveryGroupOnceInOrder() throws Exception {
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(walk("", 997).entrySet()));
        var totals = getJson("/aggregates?limit=1&totals=true").get("totals");
        assertTotals(g -> true, totals);
    }

    @Test
    void offsetPagesAreSlicesOfTheOrder() throws Exception {
        var all = new ArrayList<>(expected(g -> g.userId().equals(heavyPlayer)).entrySet());
        var page = items(getJson("/aggregates?player_id=" + heavyPlayer + "&limit=5&offset=3").get("items"));
        assertEquals(all.subList(3, 8), new ArrayList<>(page.entrySet()));
    }

    @Test
    void ndjsonEqualsJson() throws Exception {
        for (String filter : List.of("", "player_id=" + heavyPlayer, "game_id=" + heavyGame + "&from=2024-03-02")) {
            var response = HTTP.send(HttpRequest.newBuilder(service.uri("/aggregates?" + filter))
                    .header("Accept", "application/x-ndjson").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
            Map<Group, Totals> lines = new LinkedHashMap<>();
            for (String line : response.body().lines().toList()) {
                if (!line.isEmpty()) {
                    put(lines, Json.MAPPER.readTree(line));
                }
            }
            assertTrue(response.body().isEmpty() || response.body().endsWith("\n"));
            assertEquals(new ArrayList<>(walk(filter, 10_000).entrySet()), new ArrayList<>(lines.entrySet()), filter);
        }
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        String cursor = getJson("/aggregates?limit=1").get("next_cursor").asText();
        char flipped = cursor.charAt(5) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 5) + flipped + cursor.substring(6);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("game_id=abc", "game_id");
        cases.put("game_id=-5", "game_id");
        cases.put("game_id=99999999999999999999", "game_id");
        cases.put("from=2024-13-01", "from");
        cases.put("from=2024-02-30", "from");
        cases.put("from=2024-03-01T08:30:00Z", "from");
        cases.put("from=2024-03-01T08:00:00", "from");
        cases.put("date_to=yesterday", "date_to");
        cases.put("from=2024-03-02&to=2024-03-02", "to");
        cases.put("date_from=2024-03-03&date_to=2024-03-02", "date_to");
        cases.put("from=2024-03-01&date_from=2024-03-01", "date_from");
        cases.put("limit=0", "limit");
        cases.put("limit=10001", "limit");
        cases.put("limit=ten", "limit");
        cases.put("offset=-1", "offset");
        cases.put("colour=blue", "colour");
        cases.put("cursor=not-a-cursor", "cursor");
        cases.put("cursor=" + tampered, "cursor");
        cases.put("cursor=" + cursor.substring(0, cursor.length() - 2), "cursor");
        cases.put("cursor=" + cursor + "&offset=3", "offset");
        cases.put("totals=maybe", "totals");
        cases.put("player_id=", "player_id");
        cases.put("player_id=" + "a".repeat(65), "player_id");
        for (var c : cases.entrySet()) {
            var response = service.get("/aggregates?" + c.getKey());
            assertEquals(400, response.statusCode(), c.getKey() + " → " + response.body());
            JsonNode error = Json.MAPPER.readTree(response.body());
            assertEquals("invalid_parameter", error.get("error").asText(), c.getKey());
            assertTrue(error.get("message").asText().contains("'" + c.getValue() + "'"), c.getKey() + " → " + error);
        }
        var ndjsonTotals = HTTP.send(HttpRequest.newBuilder(service.uri("/aggregates?totals=true"))
                .header("Accept", "application/x-ndjson").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, ndjsonTotals.statusCode());
        assertTrue(ndjsonTotals.body().contains("'totals'"), ndjsonTotals.body());
    }

    @Test
    void hostileInputNeverReachesOtherPlayers() throws Exception {
        for (String hostile : List.of("' OR 1=1 --", "' OR '1'='1", heavyPlayer + "' OR 1=1 --", "\\", "\\' OR 1=1 --",
                heavyPlayer + "\\", "x'; DROP TABLE game_rounds; --", "ünïcødé-🎲", "%", "_", heavyPlayer.substring(0, 8) + "%",
                "\u0000", heavyPlayer + "\u0000", "a\nb", "\u202e" + heavyPlayer)) {
            var response = service.get("/aggregates?player_id=" + encode(hostile));
            if (response.statusCode() == 400) {
                assertTrue(response.body().contains("'player_id'"), hostile + " → " + response.body());
                continue;
            }
            assertEquals(200, response.statusCode(), hostile + " → " + response.body());
            assertEquals(0, Json.MAPPER.readTree(response.body()).get("items").size(), hostile + " → " + response.body());
        }
        for (String hostile : List.of("1 OR 1=1", "1;SELECT 1", heavyGame + " ", "0x10", "1e3", "１２")) {
            var response = service.get("/aggregates?game_id=" + encode(hostile));
            assertEquals(400, response.statusCode(), hostile + " → " + response.body());
        }
        var raw = service.get("/aggregates?player_id=%00");
        assertEquals(400, raw.statusCode(), raw.body());
        assertEquals(200, service.get("/health").statusCode());
        assertEquals(expected(g -> g.userId().equals(heavyPlayer)).size(),
                getJson("/aggregates?limit=10000&player_id=" + heavyPlayer).get("items").size(), "the table is intact");
    }

    @Test
    void openApiDescribesEveryEndpoint() throws Exception {
        var response = service.get("/openapi.json");
        assertEquals(200, response.statusCode());
        JsonNode paths = Json.MAPPER.readTree(response.body()).get("paths");
        for (String path : List.of("/health", "/uploads", "/uploads/{id}", "/aggregates", "/reconciliations", "/reconciliations/{id}", "/metrics", "/openapi.json")) {
            assertNotNull(paths.get(path), path);
        }
    }

    /**
     * Lookup latency as a dashboard sees it (one player's day, JSON), single client then 50 concurrent.
     * Prints numbers, asserts nothing: run with {@code -Droundhouse.latency=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "roundhouse.latency", matches = "true")
    void measureLookupLatency() throws Exception {
        List<String> players = expected.keySet().stream().map(Group::userId).distinct().toList();
        var random = new SplittableRandom(1);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            int day = random.nextInt(3);
            paths.add("/aggregates?player_id=" + players.get(random.nextInt(players.size()))
                    + "&from=2024-03-0" + (day + 1) + "&to=2024-03-0" + (day + 2));
        }
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        timed(client, paths.subList(0, 300), 1); // warm-up
        System.out.println("aggregates latency, 1 client:   " + summary(timed(client, paths.subList(0, 2_000), 1)));
        System.out.println("aggregates latency, 50 clients: " + summary(timed(client, paths.subList(2_000, 4_000), 50)));
    }

    // ---- helpers ----

    private static long[] timed(HttpClient client, List<String> paths, int concurrency) throws Exception {
        long[] nanos = new long[paths.size()];
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int first = w;
                workers.add(pool.submit(() -> {
                    for (int i = first; i < paths.size(); i += concurrency) {
                        long t0 = System.nanoTime();
                        var r = client.send(HttpRequest.newBuilder(service.uri(paths.get(i))).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                        nanos[i] = System.nanoTime() - t0;
                        if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                    }
                    return null;
                }));
            }
            for (var w : workers) w.get();
        }
        return nanos;
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("n=%d median=%.2f ms p99=%.2f ms max=%.2f ms", sorted.length,
                sorted[sorted.length / 2] / 1e6, sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /** Rows parsed by the service's own reader, written as the sink would (three interleaved INSERTs). */
    private static void insertDirectly(byte[] csv) throws Exception {
        List<GameRound> rounds = new ArrayList<>();
        try (var reader = RoundReader.open(new ByteArrayInputStream(csv), null)) {
            var round = new GameRound();
            while (reader.next(round, e -> { throw new IllegalStateException("generated row rejected: " + e); })) {
                rounds.add(round.copy());
            }
        }
        String table = GameRoundRows.table(service.config().clickhouseDatabase());
        try (var ch = ClickHouseClient.from(service.config())) {
            for (int part = 0; part < 3; part++) {
                int p = part;
                ch.insert(table, GameRoundRows.COLUMNS, w -> {
                    for (int i = p; i < rounds.size(); i += 3) {
                        GameRoundRows.write(w, rounds.get(i), "aggregates-it", p, i);
                    }
                });
            }
            assertEquals(rounds.size(), ch.queryLong("SELECT count() FROM " + table));
        }
    }

    /** Follows next_cursor from the first page to the last. */
    private static Map<Group, Totals> walk(String filter, int limit) throws Exception {
        Map<Group, Totals> out = new LinkedHashMap<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            var body = getJson("/aggregates?limit=" + limit + (filter.isEmpty() ? "" : "&" + filter)
                    + (cursor == null ? "" : "&cursor=" + cursor));
            int before = out.size();
            items(body.get("items")).forEach((k, v) -> assertEquals(null, out.put(k, v), "group seen twice: " + k));
            assertTrue(out.size() - before <= limit);
            if (body.get("next_cursor").isNull()) {
                return out;
            }
            assertEquals(limit, out.size() - before, "only the last page may be short");
            cursor = body.get("next_cursor").asText();
        }
        throw new AssertionError("no end after 10,000 pages");
    }

    private static JsonNode getJson(String pathAndQuery) throws Exception {
        var response = service.get(pathAndQuery);
        assertEquals(200, response.statusCode(), pathAndQuery + " → " + response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return Json.MAPPER.readTree(response.body());
    }

    private static Map<Group, Totals> items(JsonNode items) {
        Map<Group, Totals> out = new LinkedHashMap<>();
        items.forEach(item -> put(out, item));
        return out;
    }

    private static void put(Map<Group, Totals> out, JsonNode item) {
        var group = new Group(Instant.parse(item.get("hour").asText()).toEpochMilli(), item.get("player_id").asText(), item.get("game_id").asLong());
        out.put(group, totals(item));
    }

    private static Totals totals(JsonNode node) {
        return new Totals(node.get("rounds").asLong(), money(node, "real_amount_bet"), money(node, "bonus_amount_bet"),
                money(node, "real_amount_win"), money(node, "bonus_amount_win"));
    }

    /** A money field: a JSON string in the documented format, compared exactly at scale 4. */
    private static BigDecimal money(JsonNode node, String field) {
        JsonNode v = node.get(field);
        assertTrue(v.isTextual() && MONEY.matcher(v.asText()).matches(), field + " = " + v);
        return new BigDecimal(v.asText()).setScale(4);
    }

    private static Map<Group, Totals> expected(Predicate<Group> filter) {
        Map<Group, Totals> out = new LinkedHashMap<>();
        expected.forEach((g, t) -> {
            if (filter.test(g)) out.put(g, t);
        });
        return out;
    }

    private static void assertTotals(Predicate<Group> filter, JsonNode totals) {
        long rounds = 0;
        BigDecimal[] sums = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        for (var t : expected(filter).values()) {
            rounds += t.rounds();
            sums[0] = sums[0].add(t.realBet());
            sums[1] = sums[1].add(t.bonusBet());
            sums[2] = sums[2].add(t.realWin());
            sums[3] = sums[3].add(t.bonusWin());
        }
        var want = new Totals(rounds, sums[0].setScale(4), sums[1].setScale(4), sums[2].setScale(4), sums[3].setScale(4));
        assertEquals(want, totals(totals));
    }

    private static <T> T mostFrequent(List<T> values) {
        return values.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
