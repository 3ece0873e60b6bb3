package dev.roundhouse.reconcile;

import dev.roundhouse.model.GameRound;
import java.util.function.Consumer;

/** What the database holds, as reconciliation reads it (ClickHouse in the service, lists in unit tests). */
public interface StoredRounds {
    /**
     * Every stored row with {@code fromSecond <= created_timestamp <= toSecond}, any order (ClickHouse's
     * ORDER BY would sort them all on 18.16, which has no read-in-order). The GameRound passed may be reused
     * for the next row.
     */
    void rounds(long fromSecond, long toSecond, Consumer<GameRound> each);

    /** The hourly aggregates of every (hour, player, game) with {@code fromHour <= hour <= toHour} (epoch hours), any order. */
    void hourly(long fromHour, long toHour, Consumer<HourlyTotals> each);
}
