package dev.roundhouse.reconcile;

import dev.roundhouse.model.Column;
import dev.roundhouse.model.GameRound;

/** The four money columns by index 0..3, in CSV column order. */
final class Amounts {
    static final Column[] COLUMNS = {Column.REAL_AMOUNT_BET, Column.BONUS_AMOUNT_BET, Column.REAL_AMOUNT_WIN, Column.BONUS_AMOUNT_WIN};
    static final int COUNT = COLUMNS.length;

    private Amounts() {}

    static long of(GameRound r, int k) {
        return switch (k) {
            case 0 -> r.realAmountBet;
            case 1 -> r.bonusAmountBet;
            case 2 -> r.realAmountWin;
            default -> r.bonusAmountWin;
        };
    }
}
