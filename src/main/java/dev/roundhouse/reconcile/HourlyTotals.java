package dev.roundhouse.reconcile;

/** One stored hourly aggregate; mutable so a reader can reuse one instance for every row. */
public final class HourlyTotals {
    /** Epoch hours (epoch seconds / 3600). */
    public long hour;
    public String userId;
    public long gameId;
    public long rounds;
    /** Unscaled sums at scale 4, indexed like the CSV's amount columns (real bet, bonus bet, real win, bonus win). */
    public final long[] sums = new long[4];
}
