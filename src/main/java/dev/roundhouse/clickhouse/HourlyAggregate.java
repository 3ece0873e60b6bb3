package dev.roundhouse.clickhouse;

import java.io.IOException;

/**
 * One row read from a {@link HourlyAggregates} query, reused from row to row (no allocation but the
 * player id). Amounts are unscaled longs at scale 4.
 */
public final class HourlyAggregate {
    /** Epoch seconds of the hour's start (groups only). */
    public long hour;
    public String playerId;
    public long gameId;
    public long rounds;
    public long realAmountBet;
    public long bonusAmountBet;
    public long realAmountWin;
    public long bonusAmountWin;

    /** A row of {@link HourlyAggregates#groups}. */
    public void readGroup(RowBinaryReader in) throws IOException {
        hour = in.readDateTime();
        playerId = in.readString();
        gameId = in.readInt64();
        readTotals(in);
    }

    /** The row of {@link HourlyAggregates#totals} (and the tail of a group row). */
    public void readTotals(RowBinaryReader in) throws IOException {
        rounds = in.readUInt64();
        realAmountBet = in.readDecimal128AsLong();
        bonusAmountBet = in.readDecimal128AsLong();
        realAmountWin = in.readDecimal128AsLong();
        bonusAmountWin = in.readDecimal128AsLong();
    }

    public HourlyAggregates.Key key() {
        return new HourlyAggregates.Key(hour, playerId, gameId);
    }
}
