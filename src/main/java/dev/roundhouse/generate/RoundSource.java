package dev.roundhouse.generate;

/**
 * Who plays what, when, and for how much: one row at a time, in non-decreasing time order. The writer adds
 * the outcome (bonus, win, how amounts are written) and formats the row.
 */
interface RoundSource {
    /** Moves to the next round and returns its created_timestamp in epoch seconds. */
    long next();

    /** The player of the current round, an index into the catalog's users. */
    int user();

    /** The game of the current round, an index into the catalog's games. */
    int game();

    /** The stake of the current round in cents. */
    long betCents();
}
