package dev.roundhouse.reconcile;

import dev.roundhouse.csv.GameRound;
import java.util.function.Consumer;

/** What the database holds, as reconciliation reads it (ClickHouse in the service, lists in unit tests). */
public interface StoredRounds {
    /**
     * Every stored row with {@code fromSecond <= created_timestamp <= toSecond}, in ascending
     * game_instance_id (copies of one id adjacent). The GameRound passed may be reused for the next row.
     */
    void rounds(long fromSecond, long toSecond, Consumer<GameRound> each);

    /** The hourly aggregates of every (hour, player, game) with {@code fromHour <= hour <= toHour} (epoch hours), any order. */
    void hourly(long fromHour, long toHour, Consumer<HourlyTotals> each);
}
