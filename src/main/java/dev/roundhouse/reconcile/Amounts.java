package dev.roundhouse.reconcile;

import dev.roundhouse.csv.GameRound;

/** The four money columns by index 0..3, in CSV column order, with their CSV header names. */
final class Amounts {
    static final String[] FIELDS = {"real_amount_bet", "bonus_amount_bet", "real_amount_win", "bonus_amount_win"};
    static final int COUNT = FIELDS.length;

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
