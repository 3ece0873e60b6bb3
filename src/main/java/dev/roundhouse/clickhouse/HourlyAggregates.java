package dev.roundhouse.clickhouse;

import java.util.ArrayList;
import java.util.List;

/**
 * SELECTs over the hourly aggregate tables, built from typed values only (18.16 has no query
 * parameters): numbers are printed from longs, the player id goes through {@link ClickHouseClient#quote}.
 * Read the answers with {@link HourlyAggregate}.
 *
 * <p>Table choice: a player filter reads {@code hourly_by_player} (key prefix user_id, then hour);
 * a game filter without a player reads {@code hourly_by_game} (key prefix game_id, then hour). With
 * both, the player table: a player touches few games, a game has many players, so the player's key
 * range is the narrower one. With neither, both tables are equal (the month partitions prune the time
 * range in either); the player table is used.
 */
public final class HourlyAggregates {
    private static final String SUMS = "countMerge(rounds) AS round_count, "
            + "sumMerge(real_amount_bet) AS real_bet_sum, sumMerge(bonus_amount_bet) AS bonus_bet_sum, "
            + "sumMerge(real_amount_win) AS real_win_sum, sumMerge(bonus_amount_win) AS bonus_win_sum";
    private static final String KEY = "hour, user_id, game_id";

    private HourlyAggregates() {}

    /**
     * Which groups to read; null means no condition. Hours are epoch seconds, {@code fromHour}
     * inclusive, {@code toHour} exclusive.
     */
    public record Filter(String playerId, Long gameId, Long fromHour, Long toHour) {}

    /** A group's key, in the result order (hour, player, game): the keyset position of a page. */
    public record Key(long hour, String playerId, long gameId) {}

    /**
     * The groups matching {@code filter} in key order, after {@code after} (null: from the start),
     * skipping {@code offset}, at most {@code limit} (≤ 0: no limit). Columns as {@link HourlyAggregate#readGroup}.
     */
    public static String groups(ClickHouseTopology topology, Filter filter, Key after, long offset, long limit) {
        List<String> where = conditions(filter);
        if (after != null) {
            String hour = dateTime(after.hour());
            where.add("hour >= " + hour); // the same bound as the tuple below, in a form the primary key index uses
            where.add("(" + KEY + ") > (" + hour + ", " + ClickHouseClient.quote(after.playerId()) + ", " + after.gameId() + ")");
        }
        var sql = new StringBuilder(400).append("SELECT ").append(KEY).append(", ").append(SUMS)
                .append(" FROM ").append(table(topology, filter)).append(where(where))
                .append(" GROUP BY ").append(KEY).append(" ORDER BY ").append(KEY);
        if (limit > 0 || offset > 0) {
            sql.append(" LIMIT ").append(limit > 0 ? limit : Long.MAX_VALUE);
            if (offset > 0) {
                sql.append(" OFFSET ").append(offset);
            }
        }
        return sql.toString();
    }

    /** One row: rounds and the four sums over every group matching {@code filter}. Columns as {@link HourlyAggregate#readTotals}. */
    public static String totals(ClickHouseTopology topology, Filter filter) {
        return "SELECT " + SUMS + " FROM " + table(topology, filter) + where(conditions(filter));
    }

    /** {@code hourly_by_player} or {@code hourly_by_game} (their Distributed tables in cluster mode): see the class comment. */
    static String table(ClickHouseTopology topology, Filter filter) {
        String name = filter.playerId() == null && filter.gameId() != null ? "hourly_by_game" : "hourly_by_player";
        return topology.readTable(name);
    }

    private static List<String> conditions(Filter f) {
        List<String> where = new ArrayList<>(6);
        if (f.playerId() != null) where.add("user_id = " + ClickHouseClient.quote(f.playerId()));
        if (f.gameId() != null) where.add("game_id = " + f.gameId());
        if (f.fromHour() != null) where.add("hour >= " + dateTime(f.fromHour()));
        if (f.toHour() != null) where.add("hour < " + dateTime(f.toHour()));
        return where;
    }

    private static String where(List<String> conditions) {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String dateTime(long epochSeconds) {
        return "toDateTime(" + epochSeconds + ", 'UTC')";
    }
}
