package dev.roundhouse.generate;

/**
 * Who plays what, when, and for how much: one row at a time, in non-decreasing time order. The writer adds
 * the outcome (bonus, win, how amounts are written) and formats the row. A profile implements {@link #next()}
 * and sets the round it moved to with {@link #current}.
 */
abstract class RoundSource {
    private int user;
    private int game;
    private long betCents;

    /** Moves to the next round and returns its created_timestamp in epoch seconds. */
    abstract long next();

    /** The player of the current round, an index into the catalog's users. */
    final int user() {
        return user;
    }

    /** The game of the current round, an index into the catalog's games. */
    final int game() {
        return game;
    }

    /** The stake of the current round in cents. */
    final long betCents() {
        return betCents;
    }

    /** Sets the current round's player, game and stake (from {@link #next()}). */
    final void current(int user, int game, long betCents) {
        this.user = user;
        this.game = game;
        this.betCents = betCents;
    }
}
