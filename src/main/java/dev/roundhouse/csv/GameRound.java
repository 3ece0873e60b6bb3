package dev.roundhouse.csv;

/**
 * One validated game round. Mutable and reused row after row so the hot path allocates nothing for
 * numbers and timestamps. Money is exact: the unscaled value at {@link #SCALE} decimal places
 * ({@code 12.5} is {@code 125000}), or {@link #MISSING} for an empty or {@code NaN} cell.
 */
public final class GameRound {
    /** Decimal places of every amount, as in the Avro schema and ClickHouse's Decimal(18, 4). */
    public static final int SCALE = 4;
    /** An amount that was empty or NaN in the CSV (null in Avro and ClickHouse). */
    public static final long MISSING = Long.MIN_VALUE;

    /** Physical line of the CSV where this record starts (header = line 1). */
    public long line;
    /** created_timestamp as epoch milliseconds, UTC. */
    public long createdMillis;
    public long gameInstanceId;
    public String userId;
    public long gameId;
    public long realAmountBet;
    public long bonusAmountBet;
    public long realAmountWin;
    public long bonusAmountWin;
    public String gameName;
    public String provider;

    public GameRound copy() {
        var c = new GameRound();
        c.line = line;
        c.createdMillis = createdMillis;
        c.gameInstanceId = gameInstanceId;
        c.userId = userId;
        c.gameId = gameId;
        c.realAmountBet = realAmountBet;
        c.bonusAmountBet = bonusAmountBet;
        c.realAmountWin = realAmountWin;
        c.bonusAmountWin = bonusAmountWin;
        c.gameName = gameName;
        c.provider = provider;
        return c;
    }
}
