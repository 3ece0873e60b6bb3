package dev.roundhouse.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.clickhouse.HourlyAggregates.Filter;
import dev.roundhouse.clickhouse.HourlyAggregates;
import io.undertow.server.HttpServerExchange;
import org.junit.jupiter.api.Test;

class AggregateQueryTest {
    @Test
    void defaults() {
        var q = parse(false);
        assertEquals(new Filter(null, null, null, null), q.filter());
        assertEquals(100, q.limit());
        assertEquals(0, q.offset());
        assertNull(q.after());
        assertEquals(false, q.totals());
        assertEquals(0, parse(true).limit(), "NDJSON streams the whole filter unless limited");
    }

    @Test
    void everyParameter() {
        String cursor = AggregateCursor.encode(new HourlyAggregates.Key(7200, "p1", 9));
        var q = parse(false, "player_id", "p1", "game_id", "26264", "from", "2019-10-22", "to", "2019-10-22T08:00:00Z",
                "limit", "10000", "cursor", cursor, "totals", "true");
        assertEquals(new Filter("p1", 26264L, 1_571_702_400L, 1_571_731_200L), q.filter());
        assertEquals(10_000, q.limit());
        assertEquals(new HourlyAggregates.Key(7200, "p1", 9), q.after());
        assertTrue(q.totals());
        var aliases = parse(false, "date_from", "1970-01-01", "date_to", "2106-02-07", "offset", "12");
        assertEquals(new Filter(null, null, 0L, 4_294_944_000L), aliases.filter());
        assertEquals(12, aliases.offset());
        assertEquals(1, parse(true, "limit", "1").limit());
    }

    @Test
    void invalidValuesNameTheirParameter() {
        refused("game_id", "game_id", "");
        refused("game_id", "game_id", "+1");
        refused("game_id", "game_id", " 1");
        refused("game_id", "game_id", "9223372036854775807");
        refused("game_id", "game_id", "٣"); // an Arabic-Indic digit: Long.parseLong would take it
        refused("limit", "limit", "0");
        refused("limit", "limit", "10001");
        refused("offset", "offset", "-1");
        refused("from", "from", "2019-10-22T08:00:00+02:00");
        refused("from", "from", "2019-10-22 08:00:00");
        refused("from", "from", "2019-10-22T08:00:01Z");
        refused("from", "from", "2019-10-22T08:00:00.5Z");
        refused("from", "from", "1969-12-31");
        refused("to", "to", "2106-02-08");
        refused("date_to", "date_to", "2019-02-29");
        refused("to", "from", "2019-10-22", "to", "2019-10-22");
        refused("date_from", "from", "2019-10-22", "date_from", "2019-10-22");
        refused("player_id", "player_id", "a\u0000b");
        refused("player_id", "player_id", "");
        refused("player_id", "player_id", "p".repeat(65));
        refused("player_id", "player_id", "\ud800x");
        refused("offset", "cursor", AggregateCursor.encode(new HourlyAggregates.Key(0, "p", 1)), "offset", "1");
        refused("nope", "nope", "1");
    }

    @Test
    void aPlayerIdWithATabIsLookedUpLikeAnyOtherAsUploadsStoreIt() {
        assertEquals(new Filter("a\tb", null, null, null), parse(false, "player_id", "a\tb").filter());
        assertEquals(new Filter("p".repeat(64), null, null, null), parse(false, "player_id", "p".repeat(64)).filter());
    }

    @Test
    void totalsAreJsonOnly() {
        var e = assertThrows(HttpError.class, () -> parse(true, "totals", "true"));
        assertTrue(e.getMessage().startsWith("parameter 'totals'"), e.getMessage());
    }

    private static void refused(String named, String... params) {
        var e = assertThrows(HttpError.class, () -> parse(false, params), String.join("=", params));
        assertEquals(400, e.status);
        assertTrue(e.getMessage().startsWith("parameter '" + named + "'"), e.getMessage());
    }

    private static AggregateQuery parse(boolean ndjson, String... params) {
        var exchange = new HttpServerExchange(null);
        for (int i = 0; i < params.length; i += 2) {
            exchange.addQueryParam(params[i], params[i + 1]);
        }
        return AggregateQuery.from(QueryParams.of(exchange, AggregateQuery.PARAMS), ndjson);
    }
}
