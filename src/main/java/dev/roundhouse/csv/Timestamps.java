package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

/**
 * Parses {@code YYYY-MM-DD HH:MM:SS} (or with 'T' between date and time), taken as UTC, into epoch
 * milliseconds with plain arithmetic, straight from code units ({@link Utf16Be}: byte offset, length in
 * code units). The date must exist in the proleptic Gregorian calendar
 * (year 0001..9999) and the time be 00:00:00..23:59:59.
 */
final class Timestamps {
    /** Returned for an invalid timestamp. */
    static final long INVALID = Long.MIN_VALUE;
    static final int LENGTH = 19;

    private Timestamps() {}

    /** The date part ({@code YYYY-MM-DD}, code units 0..9) as epoch milliseconds of its midnight, or INVALID. */
    static long dayMillis(byte[] b, int o) {
        if (unit(b, o + 8) != '-' || unit(b, o + 14) != '-') return INVALID;
        int y = d4(b, o);
        int mo = d2(b, o + 10);
        int d = d2(b, o + 16);
        if ((y | mo | d) < 0 || y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return INVALID;
        return daysFromCivil(y, mo, d) * 86_400_000L;
    }

    /** The rest ({@code ' ' or 'T'}, {@code HH:MM:SS}, code units 10..18) as milliseconds, or -1. */
    static long timeOfDayMillis(byte[] b, int o) {
        char sep = unit(b, o + 20);
        if ((sep != ' ' && sep != 'T') || unit(b, o + 26) != ':' || unit(b, o + 32) != ':') return -1;
        int h = d2(b, o + 22);
        int mi = d2(b, o + 28);
        int s = d2(b, o + 34);
        if ((h | mi | s) < 0 || h > 23 || mi > 59 || s > 59) return -1;
        return (h * 3600L + mi * 60L + s) * 1000L;
    }

    /** Two digits from byte offset i, or -1. */
    private static int d2(byte[] b, int i) {
        int a = unit(b, i) - '0', c = unit(b, i + 2) - '0';
        if (a < 0 || a > 9 || c < 0 || c > 9) return -1;
        return a * 10 + c;
    }

    private static int d4(byte[] b, int i) {
        int hi = d2(b, i), lo = d2(b, i + 4);
        return (hi | lo) < 0 ? -1 : hi * 100 + lo;
    }

    static int daysInMonth(int y, int m) {
        if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
        return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 (H. Hinnant's days_from_civil). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yoe = y - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }

    /** Why the value is not a valid timestamp. */
    static String explain(byte[] b, int o, int len) {
        String shape = "expected YYYY-MM-DD HH:MM:SS";
        if (len != LENGTH) return shape + " (19 characters), got " + len + " characters";
        for (int i = 0; i < LENGTH; i++) {
            char c = unit(b, o + 2 * i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == ' ' || c == 'T';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) return shape + ", invalid character " + PositiveLongs.describe(c) + " at position " + (i + 1);
        }
        int y = d4(b, o), mo = d2(b, o + 10), d = d2(b, o + 16);
        if (y < 1) return "year 0000 does not exist";
        if (mo < 1 || mo > 12) return "month " + mo + " does not exist";
        if (d < 1 || d > daysInMonth(y, mo)) return "day " + d + " does not exist in " + y + "-" + (mo < 10 ? "0" : "") + mo;
        return "time of day out of range (00:00:00..23:59:59)";
    }
}
