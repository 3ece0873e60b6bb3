package dev.roundhouse.csv;

import java.nio.charset.StandardCharsets;

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
    /** UTF-8 of {@link #userId} as the reader saw it, valid only while userId is that very String instance. */
    private String utf8Of;
    private byte[] userIdUtf8;

    /**
     * The UTF-8 bytes of {@link #userId} (null when it is null): the reader's own copy when userId is still
     * the String it set, so the hot path encodes nothing twice; else freshly encoded. Callers must not
     * modify the array (it may be shared by {@link #copy()} and handed to Kafka as a key).
     */
    public byte[] userIdUtf8() {
        String s = userId;
        if (s == utf8Of && s != null) return userIdUtf8;
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Sets {@link #userId} with its UTF-8 bytes, which must encode exactly that String. */
    void userId(String s, byte[] utf8) {
        userId = s;
        utf8Of = s;
        userIdUtf8 = utf8;
    }

    public GameRound copy() {
        var c = new GameRound();
        c.line = line;
        c.createdMillis = createdMillis;
        c.gameInstanceId = gameInstanceId;
        c.userId = userId;
        c.utf8Of = utf8Of;
        c.userIdUtf8 = userIdUtf8;
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
