package dev.roundhouse.clickhouse;

import dev.roundhouse.model.GameRound;
import java.io.IOException;

/**
 * The one mapping between {@link GameRound} and the columns of {@code game_data.game_rounds}.
 * Amounts equal to {@link GameRound#MISSING} are NULL; timestamps are stored to the second.
 */
public final class GameRoundRows {
    private GameRoundRows() {}

    /** The table's name inside its database. */
    public static final String TABLE = "game_rounds";

    /** Every column, in the order {@link #write} writes them. */
    public static final String COLUMNS = "created_timestamp, game_instance_id, user_id, game_id, "
            + "real_amount_bet, bonus_amount_bet, real_amount_win, bonus_amount_win, game_name, provider, "
            + "upload_id, _partition, _offset";

    /** The first ten columns: the CSV's fields, in the order {@link #read} reads them. */
    public static final String ROUND_COLUMNS = "created_timestamp, game_instance_id, user_id, game_id, "
            + "real_amount_bet, bonus_amount_bet, real_amount_win, bonus_amount_win, game_name, provider";

    /** {@code database.game_rounds}. */
    public static String table(String database) {
        return ClickHouseClient.identifier(database) + "." + TABLE;
    }

    /** Writes one row of {@link #COLUMNS}. */
    public static void write(RowBinaryWriter w, GameRound r, String uploadId, int partition, long offset) {
        w.writeDateTime(Math.floorDiv(r.createdMillis, 1000L));
        w.writeInt64(r.gameInstanceId);
        w.writeString(r.userId());
        w.writeInt64(r.gameId);
        amount(w, r.realAmountBet);
        amount(w, r.bonusAmountBet);
        amount(w, r.realAmountWin);
        amount(w, r.bonusAmountWin);
        w.writeString(r.gameName);
        w.writeString(r.provider);
        w.writeString(uploadId);
        w.writeInt32(partition);
        w.writeInt64(offset);
    }

    private static void amount(RowBinaryWriter w, long unscaled) {
        w.writeNullableDecimal64(unscaled, unscaled == GameRound.MISSING);
    }

    /** Reads one row of {@link #ROUND_COLUMNS} into {@code r} ({@code line} is left alone). */
    public static void read(RowBinaryReader in, GameRound r) throws IOException {
        r.createdMillis = in.readDateTime() * 1000L;
        r.gameInstanceId = in.readInt64();
        r.userId(in.readString());
        r.gameId = in.readInt64();
        r.realAmountBet = in.readNullableDecimal64(GameRound.MISSING);
        r.bonusAmountBet = in.readNullableDecimal64(GameRound.MISSING);
        r.realAmountWin = in.readNullableDecimal64(GameRound.MISSING);
        r.bonusAmountWin = in.readNullableDecimal64(GameRound.MISSING);
        r.gameName = in.readString();
        r.provider = in.readString();
    }
}
