package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

/**
 * Parses a positive 64-bit decimal integer straight from code units ({@link Utf16Be}: byte offset, length
 * in code units): digits only (leading zeros allowed), no sign, no exponent, no separators, at least 1, at
 * most {@link Long#MAX_VALUE}.
 */
final class PositiveLongs {
    /** Returned by {@link #parse} for anything that is not a valid positive long. */
    static final long INVALID = -1;

    private PositiveLongs() {}

    static long parse(byte[] b, int off, int len) {
        if (len >= 1 && len <= 8 && b.length - off >= 16) return upTo8(b, off, len);
        if (len <= 0 || len > 19) return len > 19 ? parseLong(b, off, len) : INVALID;
        long v = 0;
        for (int i = off, end = off + 2 * len; i < end; i += 2) {
            int d = unit(b, i) - '0';
            if (d < 0 || d > 9) return INVALID;
            v = v * 10 + d; // 19 digits cannot overflow past a sign flip undetected
        }
        return v > 0 ? v : INVALID; // a 19-digit value above Long.MAX_VALUE wraps negative
    }

    private static final long ZEROS = 0x0030_0030_0030_0030L;
    private static final long[] POW10 = {1, 10, 100, 1000, 10000};

    /** 1 to 8 code units, four at a time (SWAR), without a branch per digit; reads 16 bytes from off. */
    private static long upTo8(byte[] b, int off, int len) {
        long v = len <= 4
                ? digits(Utf16Be.four(b, off), len)
                : digits(Utf16Be.four(b, off), 4) * POW10[len - 4] + digits(Utf16Be.four(b, off + 8), len - 4);
        return v > 0 ? v : INVALID; // also catches a -1 from either half
    }

    /**
     * The value of the first n (1..4) code units of x as decimal digits, or a negative number when one is
     * not a digit.
     */
    private static long digits(long x, int n) {
        if (n < 4) x = x >>> (16 * (4 - n)) | ZEROS << (16 * n); // right-align, pad with '0'
        if ((Utf16Be.below(x, '0') | (Utf16Be.below(x, '9' + 1) ^ 0x8000_8000_8000_8000L)) != 0) return -1L << 40;
        long d = x - ZEROS; // each lane 0..9
        long pairs = d * 10 + (d << 16); // lane 0: 10·d0 + d1, lane 2: 10·d2 + d3
        return (pairs >>> 48) * 100 + (pairs >>> 16 & 0xFFFF);
    }

    /** Longer than 19 chars: valid only with leading zeros. */
    private static long parseLong(byte[] b, int off, int len) {
        int i = off, end = off + 2 * len;
        while (i < end - 2 && unit(b, i) == '0') i += 2;
        return end - i <= 2 * 19 ? parse(b, i, (end - i) >> 1) : INVALID;
    }

    /** Why {@link #parse} rejected the value. */
    static String explain(byte[] b, int off, int len) {
        if (len == 0) return "empty: a positive integer is required";
        for (int i = off; i < off + 2 * len; i += 2) {
            char c = unit(b, i);
            if (c < '0' || c > '9') {
                if ((c == '-' || c == '+') && i == off) return "sign not allowed: a positive integer without sign is required";
                if (c == 'e' || c == 'E') return "exponent not allowed: plain digits are required";
                if (c == ',' || c == '.' || c == '_' || c == ' ' || c == '\'') return "'" + c + "' not allowed: plain digits are required";
                return "invalid character " + describe(c) + ": plain digits are required";
            }
        }
        return parse(b, off, len) == INVALID && isZero(b, off, len) ? "must be positive, got 0"
                : "out of range: larger than " + Long.MAX_VALUE;
    }

    private static boolean isZero(byte[] b, int off, int len) {
        for (int i = off; i < off + 2 * len; i += 2) if (unit(b, i) != '0') return false;
        return true;
    }

    static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
