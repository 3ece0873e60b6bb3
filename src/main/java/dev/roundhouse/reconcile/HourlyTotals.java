package dev.roundhouse.reconcile;

/** One stored hourly aggregate; mutable so a reader can reuse one instance for every row. */
final class HourlyTotals {
    /** Epoch hours (epoch seconds / 3600). */
    long hour;
    String userId;
    long gameId;
    long rounds;
    /** Unscaled sums at scale 4, indexed like the CSV's amount columns (real bet, bonus bet, real win, bonus win). */
    final long[] sums = new long[4];
}
