package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roundhouse.api.Json;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.ClickHouseException;
import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.support.PrivateClickHouseCluster;
import dev.roundhouse.support.ReferenceRounds;
import dev.roundhouse.support.TestService;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The service on a real 2-shard cluster (two private ClickHouse servers, no ZooKeeper; the shared Kafka
 * and registry): an upload lands per partition on shard p mod 2, reads through the Distributed tables
 * equal the single-node reference exactly, a player lives on one shard, a shard outage is a 503 and
 * nothing is lost once it is back.
 *
 * <p>Everything goes through the real service: uploads, the sink writing partition p to shard p mod 2,
 * and lookups through {@code GET /aggregates}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final int ROWS = 60_000;
    private static final String SELECT_HOURLY = "SELECT hour, user_id, game_id, countMerge(rounds), sumMerge(real_amount_bet), "
            + "sumMerge(bonus_amount_bet), sumMerge(real_amount_win), sumMerge(bonus_amount_win) FROM ";

    private static PrivateClickHouseCluster cluster;
    private static TestService service;
    private static ClickHouseTopology topology;
    private static byte[] csv;
    private static byte[] secondCsv;
    private static Map<ReferenceRounds.Group, ReferenceRounds.Totals> expected;

    @BeforeAll
    static void start() throws Exception {
        cluster = PrivateClickHouseCluster.start(2);
        service = TestService.start(Map.of(
                "KAFKA_TOPIC_PARTITIONS", "6",
                "CLICKHOUSE_CLUSTER", PrivateClickHouseCluster.NAME,
                "CLICKHOUSE_URL", cluster.url(1).toString(),
                "CLICKHOUSE_SHARD_URLS", cluster.shardUrls()));
        topology = ClickHouseTopology.from(service.config());
        csv = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(ROWS).withSeed(9).withUsers(2_000).withGames(80)
                .withSpanSeconds(2 * 86_400));
        secondCsv = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(ROWS).withSeed(10).withUsers(2_000).withGames(80)
                .withSpanSeconds(2 * 86_400).withFirstInstanceId(10_000_000));
        expected = ReferenceRounds.hourly(ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE));
    }

    @AfterAll
    static void stop() throws Exception {
        if (topology != null) topology.close();
        if (service != null) service.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void migrationsCreatedLocalAndDistributedTablesOnEveryShard() throws Exception {
        for (var shard : topology.shards()) {
            for (String table : List.of("game_rounds", "hourly_by_player", "hourly_by_game")) {
                assertEquals(0, shard.queryLong("SELECT count() FROM " + topology.localTable(table)));
                assertEquals(0, shard.queryLong("SELECT count() FROM " + topology.readTable(table)));
            }
        }
        var health = Json.MAPPER.readTree(service.get("/health").body());
        assertEquals("ok", health.get("clickhouse_shard_1").asText());
        assertEquals("ok", health.get("clickhouse_shard_2").asText());
    }

    @Test
    @Order(2)
    void uploadLandsOnePlayerPerShardAndDistributedReadsEqualTheReference() throws Exception {
        var response = service.post("/uploads", "text/csv", csv);
        assertEquals(200, response.statusCode(), response.body());
        awaitRows(ROWS);

        assertEquals(ROWS, topology.reader().queryLong("SELECT count() FROM " + topology.readTable("game_rounds")));
        assertEquals(expected, readHourly(topology.reader(), topology.readTable("hourly_by_player")));
        assertEquals(expected, readHourly(topology.reader(), topology.readTable("hourly_by_game")));
        // the other shard's Distributed table answers the same
        assertEquals(expected, readHourly(topology.shards().get(1), topology.readTable("hourly_by_player")));

        Set<String> seen = new HashSet<>();
        long rowsOnShards = 0;
        for (int i = 0; i < topology.shards().size(); i++) {
            var shard = topology.shards().get(i);
            for (String partition : lines(shard.queryText("SELECT DISTINCT _partition FROM " + topology.localTable("game_rounds")))) {
                assertEquals(i, topology.shardIndex(Integer.parseInt(partition)), "partition " + partition + " on shard " + (i + 1));
            }
            for (String user : lines(shard.queryText("SELECT DISTINCT user_id FROM " + topology.localTable("game_rounds")))) {
                assertTrue(seen.add(user), "player " + user + " has rows on more than one shard");
            }
            long rows = shard.queryLong("SELECT count() FROM " + topology.localTable("game_rounds"));
            assertTrue(rows > ROWS / 4, "shard " + (i + 1) + " holds only " + rows + " rows");
            rowsOnShards += rows;
        }
        assertEquals(ROWS, rowsOnShards);
        assertEquals(expected.keySet().stream().map(ReferenceRounds.Group::userId).distinct().count(), seen.size());
    }

    @Test
    @Order(3)
    void aShardDownIsA503AndEverythingIsExactWhenItReturns() throws Exception {
        String player = expected.keySet().iterator().next().userId();
        assertEquals(200, lookup(player).statusCode());

        cluster.stopShard(2);
        try {
            var down = lookup(player);
            assertEquals(503, down.statusCode(), down.body());
            assertEquals("clickhouse_unavailable", Json.MAPPER.readTree(down.body()).get("error").asText());
            assertTrue(down.headers().firstValue("Retry-After").isPresent());
            var health = service.get("/health");
            assertEquals(503, health.statusCode());
            JsonNode h = Json.MAPPER.readTree(health.body());
            assertEquals("ok", h.get("clickhouse_shard_1").asText());
            assertEquals("down", h.get("clickhouse_shard_2").asText());
            // ingest goes on: the upload commits to Kafka, the sink waits for shard 2 and loses nothing
            var more = service.post("/uploads", "text/csv", secondCsv);
            assertEquals(200, more.statusCode(), more.body());
        } finally {
            cluster.startShard(2);
        }

        awaitRows(2L * ROWS);
        assertEquals(200, lookup(player).statusCode());
        assertEquals(200, service.get("/health").statusCode());
        var both = new ArrayList<>(ReferenceRounds.parse(csv, StandardCharsets.UTF_16BE));
        both.addAll(ReferenceRounds.parse(secondCsv, StandardCharsets.UTF_16BE));
        assertEquals(ReferenceRounds.hourly(both), readHourly(topology.reader(), topology.readTable("hourly_by_player")));
        assertEquals(ReferenceRounds.hourly(both), readHourly(topology.reader(), topology.readTable("hourly_by_game")));
        assertEquals(2L * ROWS, topology.reader().queryLong("SELECT count() FROM " + topology.readTable("game_rounds")));
    }

    private static HttpResponse<String> lookup(String player) throws Exception {
        return service.get("/aggregates?player_id=" + player);
    }

    /** Waits (bounded) until the sink has inserted {@code rows} rows across the shards. */
    private static void awaitRows(long rows) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = topology.reader().queryLong("SELECT count() FROM " + topology.readTable("game_rounds"));
                // an INSERT's rows reach game_rounds a moment before its views: count those too
                if (seen == rows && (aggregated("hourly_by_player") != rows || aggregated("hourly_by_game") != rows)) {
                    seen = -1;
                }
            } catch (ClickHouseException e) {
                seen = -1; // a shard still starting
            }
            if (seen == rows) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the sink inserted " + seen + " of " + rows + " rows within 90 s");
    }


    private static long aggregated(String table) {
        return topology.reader().queryLong("SELECT countMerge(rounds) FROM " + topology.readTable(table));
    }

    /** Hourly aggregates of {@code tableAndWhere}, merged across inserts (and shards) by GROUP BY. */
    private static Map<ReferenceRounds.Group, ReferenceRounds.Totals> readHourly(ClickHouseClient ch, String tableAndWhere) {
        return ch.query(SELECT_HOURLY + tableAndWhere + " GROUP BY hour, user_id, game_id", in -> {
            Map<ReferenceRounds.Group, ReferenceRounds.Totals> out = new TreeMap<>();
            while (in.hasMore()) {
                var group = new ReferenceRounds.Group(in.readDateTime() * 1000L, in.readString(), in.readInt64());
                out.put(group, new ReferenceRounds.Totals(in.readUInt64(), money(in.readDecimal128AsLong()),
                        money(in.readDecimal128AsLong()), money(in.readDecimal128AsLong()), money(in.readDecimal128AsLong())));
            }
            return out;
        });
    }

    private static BigDecimal money(long unscaled) {
        return BigDecimal.valueOf(unscaled, 4);
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(text.split("\n")));
    }
}
