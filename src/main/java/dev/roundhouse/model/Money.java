package dev.roundhouse.model;

/**
 * Formats money held as an unscaled long at scale 4 ({@link GameRound#SCALE}) as an exact plain decimal:
 * always at least two and at most four fraction digits, trailing zeros beyond the second dropped
 * ({@code 3000} → {@code "0.30"}, {@code 0} → {@code "0.00"}, {@code 1250} → {@code "0.125"},
 * {@code 123456} → {@code "12.3456"}, {@code -5} → {@code "-0.0005"}). No exponent, no grouping, no
 * rounding: {@code new BigDecimal(text)} gives the value back. The one place that prints money.
 */
public final class Money {
    /** Enough for any long: sign, 15 integer digits, '.', 4 fraction digits, with room to spare. */
    public static final int MAX_CHARS = 24;
    private static final int UNIT = 10_000;

    private Money() {}

    public static String format(long unscaled) {
        char[] buf = new char[MAX_CHARS];
        return new String(buf, 0, format(unscaled, buf));
    }

    /**
     * Writes the text into {@code buf} from index 0 (no allocation) and returns its length.
     *
     * @throws IllegalArgumentException for {@link GameRound#MISSING}, which is no amount
     */
    public static int format(long unscaled, char[] buf) {
        if (unscaled == GameRound.MISSING) {
            throw new IllegalArgumentException("GameRound.MISSING is not an amount");
        }
        long abs = Math.abs(unscaled);
        long whole = abs / UNIT;
        int fraction = (int) (abs % UNIT);
        int fractionDigits = GameRound.SCALE;
        while (fractionDigits > 2 && fraction % 10 == 0) {
            fraction /= 10;
            fractionDigits--;
        }
        int len = 0;
        if (unscaled < 0) {
            buf[len++] = '-';
        }
        int wholeDigits = digits(whole);
        for (int i = len + wholeDigits - 1; i >= len; i--) {
            buf[i] = (char) ('0' + whole % 10);
            whole /= 10;
        }
        len += wholeDigits;
        buf[len++] = '.';
        for (int i = len + fractionDigits - 1; i >= len; i--) {
            buf[i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        return len + fractionDigits;
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    /** As {@link #format(long)}, with {@link GameRound#MISSING} (an empty or NaN cell, NULL in ClickHouse) as null. */
    public static String formatNullable(long unscaled) {
        return unscaled == GameRound.MISSING ? null : format(unscaled);
    }
}
