package dev.roundhouse.reconcile;

import dev.roundhouse.csv.GameRound;
import java.math.BigDecimal;

/** Exact decimal text of an unscaled amount at {@link GameRound#SCALE}: 125000 → "12.5000" (as ClickHouse prints Decimal(18, 4)). */
public final class Money {
    private Money() {}

    public static String format(long unscaled) {
        return BigDecimal.valueOf(unscaled, GameRound.SCALE).toPlainString();
    }

    /** As {@link #format}, with {@link GameRound#MISSING} (an empty or NaN cell, NULL in ClickHouse) as null. */
    public static String formatNullable(long unscaled) {
        return unscaled == GameRound.MISSING ? null : format(unscaled);
    }
}
