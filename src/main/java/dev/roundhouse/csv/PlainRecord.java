package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.equal;
import static dev.roundhouse.csv.Utf16Be.firstMatch;
import static dev.roundhouse.csv.Utf16Be.four;
import static dev.roundhouse.csv.Utf16Be.unit;

import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.PlayerId;

/**
 * The quick path for the usual record: the ten columns in header order, every value valid, text either
 * unquoted or quoted without doubled quotes, control characters or line breaks, and an LF or CR line end.
 * It parses such a record in one pass while it finds the field ends, straight into {@link #target}, and
 * declines (-1) at the first thing it does not expect, before anything is reported: the tokenizer and
 * {@link RoundReader} then read that record the general way, so every outcome (values, errors, line numbers)
 * stays theirs. What it takes, they would take with the same values: a field it accepts contains no ',',
 * '"', CR or LF, and no field is longer than {@link #MAX_FIELD} code units (the tokenizer's own limit must
 * be at least that).
 */
final class PlainRecord implements CsvTokenizer.QuickRecord {
    static final int MAX_FIELD = RoundReader.MAX_NAME;
    /** Code units of a user id as the files have them: 32 hex digits. */
    private static final int USUAL_USER_ID = 32;

    private final TimestampMemo timestamps;
    private final AmountMemo amounts;
    private final StringCache games;
    private final StringCache providers;
    private final long[] amountsRead = new long[4];
    private final GameTextMemo gameNames = new GameTextMemo();
    private final GameTextMemo gameProviders = new GameTextMemo();
    /** Where {@link #read} puts the values (set by the reader for each call). */
    GameRound target;

    PlainRecord(TimestampMemo timestamps, AmountMemo amounts, StringCache games, StringCache providers) {
        this.timestamps = timestamps;
        this.amounts = amounts;
        this.games = games;
        this.providers = providers;
    }

    @Override
    public int read(byte[] b, int p, int lim) {
        GameRound r = target;
        // created_timestamp: exactly 19 code units (none of them a stop), then a comma
        long created = timestamps.parse(b, p, Timestamps.LENGTH);
        if (created == Timestamps.INVALID || unit(b, p + 2 * Timestamps.LENGTH) != ',') return -1;
        p += 2 * Timestamps.LENGTH + 2;

        int e = commaEnd(b, p, lim);
        long instance = e < 0 ? PositiveLongs.INVALID : PositiveLongs.parse(b, p, (e - p) >> 1);
        if (instance == PositiveLongs.INVALID) return -1;
        p = e + 2;

        // user_id: the usual 32-unit id is checked and copied in one pass (no unit that could end a field,
        // and a comma after it), instead of a search for its end and then the copy
        e = p + 2 * USUAL_USER_ID;
        byte[] user = e < lim && unit(b, e) == ',' ? Utf16Be.plainAscii(b, p, USUAL_USER_ID, ',' + 1) : null;
        if (user == null) {
            e = commaEnd(b, p, lim);
            int len = (e - p) >> 1;
            if (e < 0 || len == 0 || len > PlayerId.MAX_CHARS) return -1;
            user = Utf16Be.plainAscii(b, p, len);
            if (user == null) return -1;
        }
        p = e + 2;

        e = commaEnd(b, p, lim);
        long game = e < 0 ? PositiveLongs.INVALID : PositiveLongs.parse(b, p, (e - p) >> 1);
        if (game == PositiveLongs.INVALID) return -1;
        p = e + 2;

        long[] a = amountsRead;
        for (int i = 0; i < 4; i++) {
            e = commaEnd(b, p, lim);
            long v = e < 0 ? Decimals.INVALID : amounts.parse(b, p, (e - p) >> 1);
            if (v == Decimals.INVALID) return -1;
            a[i] = v;
            p = e + 2;
        }

        // game_name and provider: usually the very units this game id had before (see GameTextMemo)
        int memo = GameTextMemo.slot(game);
        e = text(gameNames, games, memo, game, b, p, lim, false);
        if (e < 0) return -1;
        p = e + 2;
        e = text(gameProviders, providers, memo, game, b, p, lim, true);
        if (e < 0) return -1;

        r.createdMillis = created;
        r.gameInstanceId = instance;
        r.userId(user);
        r.gameId = game;
        r.realAmountBet = a[0];
        r.bonusAmountBet = a[1];
        r.realAmountWin = a[2];
        r.bonusAmountWin = a[3];
        r.gameName(gameNames.value(memo), gameNames.utf8(memo));
        r.provider(gameProviders.value(memo), gameProviders.utf8(memo));
        return e;
    }

    /**
     * Reads game_name ({@code last} false: a comma follows) or provider ({@code last} true: the line ends) from
     * p: taken from the memo when its raw units are there, else read and remembered, so either way the value
     * is then the memo's at {@code slot}. Returns the byte offset of the code unit after the field, or -1.
     */
    private static int text(GameTextMemo memo, StringCache cache, int slot, long game, byte[] b, int p, int lim, boolean last) {
        int e = memo.end(slot, game, b, p, lim);
        if (e >= 0 && ends(unit(b, e), last)) return e;
        e = textEnd(b, p, lim);
        if (e < 0 || !ends(unit(b, e), last)) return -1;
        int entry = name(cache, b, p, e);
        if (entry < 0) return -1;
        memo.remember(slot, game, b, p, e, cache.value(entry), cache.utf8(entry));
        return e;
    }

    private static boolean ends(char c, boolean last) {
        return last ? c == '\n' || c == '\r' : c == ',';
    }

    /** Byte offset of the comma that ends an unquoted field starting at p, or -1 when another stop comes first. */
    private static int commaEnd(byte[] b, int p, int lim) {
        int q = Utf16Be.nextBelow(b, p, ',' + 1); // the sentinel at lim stops this scan
        return q < lim && unit(b, q) == ',' && q - p <= 2 * MAX_FIELD ? q : -1;
    }

    /**
     * Byte offset of the code unit that ends a text field starting at p (what follows it is for the caller to
     * check), or -1 when the field is not plain.
     */
    private static int textEnd(byte[] b, int p, int lim) {
        if (unit(b, p) == '"') { // quoted: up to the next quote, which must close it
            int q = CsvTokenizer.nextQuotedStop(b, p + 2);
            return q + 2 < lim && unit(b, q) == '"' && unit(b, q + 2) != '"' ? q + 2 : -1;
        }
        int q = p;
        long lanes;
        while ((lanes = textStops(four(b, q))) == 0) q += 8;
        q += firstMatch(lanes);
        return q < lim && unit(b, q) != '"' ? q : -1;
    }

    /** As {@link CsvTokenizer#quotedStops}, and a comma. */
    private static long textStops(long x) {
        return CsvTokenizer.quotedStops(x) | equal(x, ',');
    }

    /** The cache entry of the text field from p to e (quotes stripped), or -1 when it is not a valid value. */
    private static int name(StringCache cache, byte[] b, int p, int e) {
        return unit(b, p) == '"' ? RoundReader.name(cache, b, p + 2, (e - p - 4) >> 1) : RoundReader.name(cache, b, p, (e - p) >> 1);
    }
}
