package dev.roundhouse.csv;

import dev.roundhouse.model.Column;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.PlayerId;
import dev.roundhouse.model.RowError;
import dev.roundhouse.model.TextField;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads and validates a game-round CSV upload, one {@link GameRound} at a time, in constant memory.
 *
 * <pre>{@code
 * try (RoundReader r = RoundReader.open(in, null)) {   // CsvFormatException: a 400
 *     GameRound row = new GameRound();
 *     while (r.next(row, errors::add)) { ... }
 * }
 * }</pre>
 *
 * Each invalid record is reported as one {@link RowError} (its first problem) and skipped.
 *
 * <p>With the usual column order, each record is first offered to {@link PlainRecord}, which parses a
 * plain valid record in one pass; anything else goes through {@link CsvTokenizer} and {@link #fill}.
 */
@SuppressWarnings("EnumOrdinal") // Column.ordinal() indexes per-column arrays: 12 columns, no map lookup per field
public final class RoundReader implements AutoCloseable {
    public static final int MAX_NAME = 256;
    private static final int COLUMNS = Column.values().length;

    private final InputStream in;
    private final CodeUnitSource source;
    private final CsvTokenizer tokenizer;
    private final Column[] order;
    /** Field index of each column, by ordinal. */
    private final int[] index = new int[COLUMNS];
    private final SeenIds seenIds = new SeenIds();
    private final StringCache games = new StringCache(1 << 12);
    private final StringCache providers = new StringCache(1 << 8);
    private final AmountMemo amounts = new AmountMemo();
    private final TimestampMemo timestamps = new TimestampMemo();
    /** The quick path for the usual record, or null when the header's order or the limits rule it out. */
    private final PlainRecord plain;
    private long rows;

    private RoundReader(InputStream in, Charset forced, int maxFieldChars, int maxFields, boolean quick) throws IOException {
        this.in = in;
        this.source = CodeUnitSource.open(in, forced);
        this.tokenizer = new CsvTokenizer(source, maxFieldChars, maxFields,
                Math.max(CsvTokenizer.DEFAULT_MAX_RECORD_CHARS, 2 * maxFieldChars));
        this.order = HeaderMapping.read(tokenizer, source.head());
        for (int i = 0; i < order.length; i++) index[order[i].ordinal()] = i;
        boolean usualOrder = Arrays.equals(order, Column.values());
        this.plain = quick && usualOrder && maxFieldChars >= PlainRecord.MAX_FIELD
                ? new PlainRecord(timestamps, amounts, games, providers) : null;
    }

    /**
     * Opens an upload and reads its header.
     *
     * @param forcedOrNull UTF-16BE, UTF-16LE or UTF-8 to skip detection, or null to detect
     * @throws CsvFormatException empty input, not text, bad header, unsupported charset
     */
    public static RoundReader open(InputStream in, Charset forcedOrNull) throws IOException {
        return open(in, forcedOrNull, CsvTokenizer.DEFAULT_MAX_FIELD_CHARS, CsvTokenizer.DEFAULT_MAX_FIELDS);
    }

    /** As {@link #open(InputStream, Charset)}, with explicit limits per field (chars) and per record (fields). */
    public static RoundReader open(InputStream in, Charset forcedOrNull, int maxFieldChars, int maxFields)
            throws IOException {
        if (maxFields < COLUMNS) throw new IllegalArgumentException("maxFields must be at least " + COLUMNS);
        return new RoundReader(in, forcedOrNull, maxFieldChars, maxFields, true);
    }

    /** As {@link #open(InputStream, Charset)} without the quick path: for tests that it changes no outcome. */
    static RoundReader openWithoutQuickPath(InputStream in, Charset forcedOrNull) throws IOException {
        return new RoundReader(in, forcedOrNull, CsvTokenizer.DEFAULT_MAX_FIELD_CHARS, CsvTokenizer.DEFAULT_MAX_FIELDS, false);
    }

    /**
     * Fills {@code into} with the next valid row. Invalid rows go to {@code errors} and are skipped.
     *
     * @return false at the end of the input
     */
    public boolean next(GameRound into, Consumer<RowError> errors) throws IOException {
        final CsvTokenizer t = tokenizer;
        if (plain != null) plain.target = into;
        while (t.next(plain)) {
            rows++;
            if (t.quick()) { // valid, already in `into`
                into.line = t.line();
                if (seenIds.add(into.gameInstanceId)) return true;
                errors.accept(duplicate(t, into));
                continue;
            }
            if (t.errorMessage() != null) {
                int f = t.errorField();
                errors.accept(new RowError(t.line(), f >= 0 && f < order.length ? order[f].header : "record", t.errorMessage()));
                continue;
            }
            if (t.fieldCount() != COLUMNS) {
                errors.accept(new RowError(t.line(), "record",
                        "expected " + COLUMNS + " fields, found " + t.fieldCount()));
                continue;
            }
            RowError e = fill(t, into);
            if (e == null) {
                if (seenIds.add(into.gameInstanceId)) return true;
                e = duplicate(t, into);
            }
            errors.accept(e);
        }
        return false;
    }

    private static RowError duplicate(CsvTokenizer t, GameRound r) {
        return new RowError(t.line(), Column.GAME_INSTANCE_ID.header,
                "duplicate game_instance_id " + r.gameInstanceId + " (already in this upload)");
    }

    /** Parses all fields of a record; the first problem found (in column order) or null. */
    private RowError fill(CsvTokenizer t, GameRound r) {
        final byte[] b = t.bytes();
        final int[] ix = index;
        r.line = t.line();
        int f;
        // check in file column order so the error is the leftmost problem
        RowError first = null;
        int firstCol = Integer.MAX_VALUE;

        f = ix[Column.CREATED_TIMESTAMP.ordinal()];
        r.createdMillis = timestamps.parse(b, t.start(f), t.length(f));
        if (r.createdMillis == Timestamps.INVALID && f < firstCol) {
            firstCol = f;
            first = err(t, Column.CREATED_TIMESTAMP, Timestamps.explain(b, t.start(f), t.length(f)));
        }
        f = ix[Column.GAME_INSTANCE_ID.ordinal()];
        r.gameInstanceId = PositiveLongs.parse(b, t.start(f), t.length(f));
        if (r.gameInstanceId == PositiveLongs.INVALID && f < firstCol) {
            firstCol = f;
            first = err(t, Column.GAME_INSTANCE_ID, PositiveLongs.explain(b, t.start(f), t.length(f)));
        }
        f = ix[Column.GAME_ID.ordinal()];
        r.gameId = PositiveLongs.parse(b, t.start(f), t.length(f));
        if (r.gameId == PositiveLongs.INVALID && f < firstCol) {
            firstCol = f;
            first = err(t, Column.GAME_ID, PositiveLongs.explain(b, t.start(f), t.length(f)));
        }
        for (int a = 0; a < 4; a++) {
            Column c = AMOUNTS[a];
            f = ix[c.ordinal()];
            long v = amounts.parse(b, t.start(f), t.length(f));
            switch (a) {
                case 0 -> r.realAmountBet = v;
                case 1 -> r.bonusAmountBet = v;
                case 2 -> r.realAmountWin = v;
                default -> r.bonusAmountWin = v;
            }
            if (v == Decimals.INVALID && f < firstCol) {
                firstCol = f;
                first = err(t, c, Decimals.explain(b, t.start(f), t.length(f)));
            }
        }
        f = ix[Column.USER_ID.ordinal()];
        if (!userId(t, f, r) && f < firstCol) {
            firstCol = f;
            first = err(t, Column.USER_ID, PlayerId.problem(Utf16Be.string(t.bytes(), t.start(f), t.length(f))));
        }
        f = ix[Column.GAME_NAME.ordinal()];
        int e = name(games, b, t.start(f), t.length(f));
        if (e >= 0) {
            r.gameName(games.value(e), games.utf8(e));
        } else if (f < firstCol) {
            firstCol = f;
            first = err(t, Column.GAME_NAME, stringProblem(t, f, MAX_NAME));
        }
        f = ix[Column.PROVIDER.ordinal()];
        e = name(providers, b, t.start(f), t.length(f));
        if (e >= 0) {
            r.provider(providers.value(e), providers.utf8(e));
        } else if (f < firstCol) {
            first = err(t, Column.PROVIDER, stringProblem(t, f, MAX_NAME));
        }
        return first;
    }

    private static final Column[] AMOUNTS = {
        Column.REAL_AMOUNT_BET, Column.BONUS_AMOUNT_BET, Column.REAL_AMOUNT_WIN, Column.BONUS_AMOUNT_WIN
    };

    /**
     * User ids are mostly distinct from one row to the next, so they are not looked up in a cache (a
     * random memory access that costs more than it saves): a plain ASCII id becomes its bytes, which are
     * both the String's content and its UTF-8, in one pass. False when the id is invalid.
     */
    private static boolean userId(CsvTokenizer t, int f, GameRound r) {
        int len = t.length(f);
        if (len == 0 || len > PlayerId.MAX_CHARS) return false;
        byte[] ascii = Utf16Be.plainAscii(t.bytes(), t.start(f), len);
        if (ascii != null) {
            r.userId(ascii);
            return true;
        }
        if (StringFields.hasProblem(t.bytes(), t.start(f), len)) return false;
        r.userId(Utf16Be.string(t.bytes(), t.start(f), len));
        return true;
    }

    /** The cache entry of a game name or provider of {@code len} code units, or -1 when it is invalid. */
    static int name(StringCache cache, byte[] b, int off, int len) {
        if (len == 0 || len > MAX_NAME) return -1;
        return cache.get(b, off, len);
    }

    private static String stringProblem(CsvTokenizer t, int f, int max) {
        return TextField.problem(Utf16Be.string(t.bytes(), t.start(f), t.length(f)), max);
    }

    private static RowError err(CsvTokenizer t, Column c, String message) {
        return new RowError(t.line(), c.header, message);
    }

    /** Data records seen so far, valid or not (the header and empty lines are not records). */
    public long rowsRead() {
        return rows;
    }

    /** Bytes taken from the input stream so far (read ahead in 64 KiB blocks). */
    public long bytesRead() {
        return source.bytesRead();
    }

    /** The encoding in use: forced, from the BOM, or sniffed. */
    public Charset charset() {
        return source.charset();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
