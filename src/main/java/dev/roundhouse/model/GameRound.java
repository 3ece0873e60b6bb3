package dev.roundhouse.model;

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
    public long gameId;
    public long realAmountBet;
    public long bonusAmountBet;
    public long realAmountWin;
    public long bonusAmountWin;
    public String gameName;
    public String provider;
    // user_id: the String, or null until asked for while only the reader's bytes are set (the upload path never
    // asks); its UTF-8, or null until asked for while only a caller's String is set. One of them is always set
    // unless the value is null.
    private String userId;
    private byte[] userIdUtf8;
    // UTF-8 of game_name and provider as the reader saw them, each valid only while its field is that very
    // String instance (an identity check: a caller's new value is never paired with stale bytes)
    private String gameNameOf;
    private byte[] gameNameUtf8;
    private String providerOf;
    private byte[] providerUtf8;

    /*
     * The UTF-8 bytes of a text field (null when it is null), so the hot path encodes nothing twice. Callers
     * must not modify the arrays: they may be shared with other rows and copies, and userIdUtf8() is handed to
     * Kafka as a key.
     */

    public String userId() {
        if (userId == null && userIdUtf8 != null) userId = new String(userIdUtf8, StandardCharsets.UTF_8);
        return userId;
    }

    public void userId(String value) {
        userId = value;
        userIdUtf8 = null;
    }

    /** UTF-8 of {@link #userId()}; a fresh array for every row the reader returns (see above). */
    public byte[] userIdUtf8() {
        if (userIdUtf8 == null && userId != null) userIdUtf8 = userId.getBytes(StandardCharsets.UTF_8);
        return userIdUtf8;
    }

    /** UTF-8 of {@link #gameName} (see above). */
    public byte[] gameNameUtf8() {
        return utf8(gameName, gameNameOf, gameNameUtf8);
    }

    /** UTF-8 of {@link #provider} (see above). */
    public byte[] providerUtf8() {
        return utf8(provider, providerOf, providerUtf8);
    }

    @SuppressWarnings("ReferenceEquality") // the reader's own String instance is the proof its bytes are these
    private static byte[] utf8(String value, String readerValue, byte[] readerUtf8) {
        if (value == readerValue && value != null) return readerUtf8;
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    // Setters for the CSV reader (another package since the model left csv): the bytes must be exactly the
    // String's UTF-8, which the reader has at hand, so the encoders never convert again.

    /** Sets the user id from plain ASCII bytes (the reader's plain-ASCII fast path), which are also its UTF-8. */
    public void userId(byte[] ascii) {
        userId = null;
        userIdUtf8 = ascii;
    }

    /** Sets the game name and its UTF-8 bytes. */
    public void gameName(String s, byte[] utf8) {
        gameName = gameNameOf = s;
        gameNameUtf8 = utf8;
    }

    /** Sets the provider and its UTF-8 bytes. */
    public void provider(String s, byte[] utf8) {
        provider = providerOf = s;
        providerUtf8 = utf8;
    }

    public GameRound copy() {
        var c = new GameRound();
        c.line = line;
        c.createdMillis = createdMillis;
        c.gameInstanceId = gameInstanceId;
        c.userId = userId;
        c.userIdUtf8 = userIdUtf8;
        c.gameId = gameId;
        c.realAmountBet = realAmountBet;
        c.bonusAmountBet = bonusAmountBet;
        c.realAmountWin = realAmountWin;
        c.bonusAmountWin = bonusAmountWin;
        c.gameName = gameName;
        c.gameNameOf = gameNameOf;
        c.gameNameUtf8 = gameNameUtf8;
        c.provider = provider;
        c.providerOf = providerOf;
        c.providerUtf8 = providerUtf8;
        return c;
    }
}
