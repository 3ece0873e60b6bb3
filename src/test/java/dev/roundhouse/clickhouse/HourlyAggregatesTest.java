package dev.roundhouse.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.clickhouse.HourlyAggregates.Filter;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HourlyAggregatesTest {
    private static final ClickHouseTopology DB = ClickHouseTopology.single(new ClickHouseClient(URI.create("http://127.0.0.1:1"), "default", ""), "db");
    @Test
    void tableFollowsTheFilter() {
        assertEquals("db.hourly_by_player", HourlyAggregates.table(DB, new Filter("p", null, null, null)));
        assertEquals("db.hourly_by_player", HourlyAggregates.table(DB, new Filter("p", 1L, null, null)));
        assertEquals("db.hourly_by_game", HourlyAggregates.table(DB, new Filter(null, 1L, 0L, 3600L)));
        assertEquals("db.hourly_by_player", HourlyAggregates.table(DB, new Filter(null, null, 0L, null)));
    }

    @Test
    void valuesReachSqlTypedOrQuoted() {
        String sql = HourlyAggregates.groups(DB, new Filter("x' OR 1=1 --\\", 7L, 3600L, 7200L),
                new HourlyAggregates.Key(3600, "a'b", 5), 0, 101);
        assertTrue(sql.contains("user_id = 'x\\' OR 1=1 --\\\\'"), sql);
        assertTrue(sql.contains("game_id = 7 AND hour >= toDateTime(3600, 'UTC') AND hour < toDateTime(7200, 'UTC')"), sql);
        assertTrue(sql.contains("(hour, user_id, game_id) > (toDateTime(3600, 'UTC'), 'a\\'b', 5)"), sql);
        assertTrue(sql.endsWith("ORDER BY hour, user_id, game_id LIMIT 101"), sql);
        assertTrue(HourlyAggregates.groups(DB, new Filter(null, null, null, null), null, 5, 0)
                .endsWith("GROUP BY hour, user_id, game_id ORDER BY hour, user_id, game_id LIMIT 9223372036854775807 OFFSET 5"));
        assertEquals("SELECT countMerge(rounds) AS round_count, sumMerge(real_amount_bet) AS real_bet_sum, "
                + "sumMerge(bonus_amount_bet) AS bonus_bet_sum, sumMerge(real_amount_win) AS real_win_sum, "
                + "sumMerge(bonus_amount_win) AS bonus_win_sum FROM db.hourly_by_game WHERE game_id = 3",
                HourlyAggregates.totals(DB, new Filter(null, 3L, null, null)));
    }
}
