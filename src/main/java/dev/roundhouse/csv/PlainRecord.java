package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.below;
import static dev.roundhouse.csv.Utf16Be.equal;
import static dev.roundhouse.csv.Utf16Be.firstMatch;
import static dev.roundhouse.csv.Utf16Be.four;
import static dev.roundhouse.csv.Utf16Be.unit;

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
            if (e < 0 || len == 0 || len > RoundReader.MAX_USER_ID) return -1;
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
        String nameValue, providerValue;
        byte[] nameUtf8, providerUtf8;
        e = gameNames.end(memo, game, b, p, lim);
        if (e >= 0 && unit(b, e) == ',') {
            nameValue = gameNames.value(memo);
            nameUtf8 = gameNames.utf8(memo);
        } else {
            e = textEnd(b, p, lim);
            if (e < 0 || unit(b, e) != ',') return -1;
            int name = name(games, b, p, e);
            if (name < 0) return -1;
            nameValue = games.value(name);
            nameUtf8 = games.utf8(name);
            gameNames.remember(memo, game, b, p, e, nameValue, nameUtf8);
        }
        p = e + 2;

        e = gameProviders.end(memo, game, b, p, lim);
        if (e >= 0 && lineEnd(unit(b, e))) {
            providerValue = gameProviders.value(memo);
            providerUtf8 = gameProviders.utf8(memo);
        } else {
            e = textEnd(b, p, lim);
            if (e < 0 || !lineEnd(unit(b, e))) return -1;
            int provider = name(providers, b, p, e);
            if (provider < 0) return -1;
            providerValue = providers.value(provider);
            providerUtf8 = providers.utf8(provider);
            gameProviders.remember(memo, game, b, p, e, providerValue, providerUtf8);
        }

        r.createdMillis = created;
        r.gameInstanceId = instance;
        r.userId(user);
        r.gameId = game;
        r.realAmountBet = a[0];
        r.bonusAmountBet = a[1];
        r.realAmountWin = a[2];
        r.bonusAmountWin = a[3];
        r.gameName(nameValue, nameUtf8);
        r.provider(providerValue, providerUtf8);
        return e;
    }

    private static boolean lineEnd(char c) {
        return c == '\n' || c == '\r';
    }

    /** Byte offset of the comma that ends an unquoted field starting at p, or -1 when another stop comes first. */
    private static int commaEnd(byte[] b, int p, int lim) {
        int q = p;
        long lanes;
        while ((lanes = below(four(b, q), ',' + 1)) == 0) q += 8; // the sentinel at lim stops this loop
        q += firstMatch(lanes);
        return q < lim && unit(b, q) == ',' && q - p <= 2 * MAX_FIELD ? q : -1;
    }

    /**
     * Byte offset of the code unit that ends a text field starting at p (what follows it is for the caller to
     * check), or -1 when the field is not plain.
     */
    private static int textEnd(byte[] b, int p, int lim) {
        if (unit(b, p) == '"') { // quoted: up to the next quote, which must close it
            int q = p + 2;
            long lanes;
            while ((lanes = CsvTokenizer.quotedStops(four(b, q))) == 0) q += 8;
            q += firstMatch(lanes);
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
