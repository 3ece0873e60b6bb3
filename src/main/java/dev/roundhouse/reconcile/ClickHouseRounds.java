package dev.roundhouse.reconcile;

import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.model.GameRound;
import java.util.function.Consumer;

/** {@link StoredRounds} read from ClickHouse in RowBinary (through the Distributed tables in cluster mode): one query for the rows, one for the aggregates. */
public final class ClickHouseRounds implements StoredRounds {
    private final ClickHouseTopology clickhouse;

    public ClickHouseRounds(ClickHouseTopology clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public void rounds(long fromSecond, long toSecond, Consumer<GameRound> each) {
        String sql = "SELECT " + GameRoundRows.ROUND_COLUMNS + " FROM " + clickhouse.readTable(GameRoundRows.TABLE)
                + " WHERE created_timestamp BETWEEN " + dateTime(fromSecond) + " AND " + dateTime(toSecond);
        clickhouse.reader().query(sql, in -> {
            var r = new GameRound();
            while (in.hasMore()) {
                GameRoundRows.read(in, r);
                each.accept(r);
            }
            return null;
        });
    }

    @Override
    public void hourly(long fromHour, long toHour, Consumer<HourlyTotals> each) {
        String sql = "SELECT hour, user_id, game_id, countMerge(rounds) AS round_count,"
                + " sumMerge(real_amount_bet) AS real_bet_sum, sumMerge(bonus_amount_bet) AS bonus_bet_sum,"
                + " sumMerge(real_amount_win) AS real_win_sum, sumMerge(bonus_amount_win) AS bonus_win_sum"
                + " FROM " + clickhouse.readTable("hourly_by_player")
                + " WHERE hour >= " + dateTime(fromHour * 3600) + " AND hour <= " + dateTime(toHour * 3600)
                + " GROUP BY hour, user_id, game_id";
        clickhouse.reader().query(sql, in -> {
            var t = new HourlyTotals();
            while (in.hasMore()) {
                t.hour = Math.floorDiv(in.readDateTime(), 3600L);
                t.userId = in.readString();
                t.gameId = in.readInt64();
                t.rounds = in.readUInt64();
                for (int k = 0; k < t.sums.length; k++) t.sums[k] = in.readDecimal128AsLong();
                each.accept(t);
            }
            return null;
        });
    }

    private static String dateTime(long epochSecond) {
        return "toDateTime('" + UtcTime.format(epochSecond) + "', 'UTC')";
    }
}
