package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

import dev.roundhouse.model.GameRound;

/**
 * Parses a non-negative decimal amount straight from code units ({@link Utf16Be}: byte offset, length in
 * code units) into its unscaled value at scale 4 ({@code 12.50} → 125000). Accepted: digits, optionally
 * '.' and 1 to 4 more digits; at most 14 integer digits (ignoring leading zeros) so the value fits
 * Decimal(18, 4). Empty or {@code NaN} → {@link GameRound#MISSING}. Rejected: signs, exponents, thousands
 * separators, 5+ decimals, a leading or trailing '.', blanks.
 */
final class Decimals {
    /** Returned by {@link #parse} for an invalid amount (distinct from MISSING and from every value). */
    static final long INVALID = Long.MIN_VALUE + 1;
    static final int MAX_INTEGER_DIGITS = 18 - GameRound.SCALE;
    private static final long[] POW10 = {1, 10, 100, 1000, 10000};

    private Decimals() {}

    static long parse(byte[] b, int off, int len) {
        if (len == 0) return GameRound.MISSING;
        int end = off + 2 * len, i = off;
        long v = 0;
        int intDigits = 0;
        char c = 0;
        for (; i < end; i += 2) {
            c = unit(b, i);
            int d = c - '0';
            if (d < 0 || d > 9) break;
            v = v * 10 + d;
            if (v != 0) intDigits++; // significant digits only
        }
        if (intDigits > MAX_INTEGER_DIGITS) return INVALID;
        if (i == end) return i == off ? INVALID : v * 10000;
        if (c != '.' || i == off) {
            return len == 3 && unit(b, off) == 'N' && unit(b, off + 2) == 'a' && unit(b, off + 4) == 'N'
                    ? GameRound.MISSING : INVALID;
        }
        i += 2;
        int fracLen = (end - i) >> 1;
        if (fracLen < 1 || fracLen > GameRound.SCALE) return INVALID;
        for (; i < end; i += 2) {
            int d = unit(b, i) - '0';
            if (d < 0 || d > 9) return INVALID;
            v = v * 10 + d;
        }
        return v * POW10[GameRound.SCALE - fracLen];
    }

    /** Why {@link #parse} rejected the value. */
    static String explain(byte[] b, int off, int len) {
        int end = off + 2 * len, dot = -1;
        for (int i = off; i < end; i += 2) {
            char c = unit(b, i);
            if (c >= '0' && c <= '9') continue;
            if ((c == '-' || c == '+') && i == off) return "sign not allowed: a non-negative amount without sign is required";
            if (c == 'e' || c == 'E') return "exponent not allowed: use plain decimal notation like 12.50";
            if (c == ',') return "',' not allowed: use '.' as decimal separator and no thousands separators";
            if (c == '.') {
                if (dot >= 0) return "more than one '.'";
                dot = i;
                continue;
            }
            return "invalid character " + PositiveLongs.describe(c) + " in amount";
        }
        if (dot == off) return "no digit before '.'";
        if (dot == end - 2) return "no digit after '.'";
        if (dot >= 0 && (end - dot - 2) >> 1 > GameRound.SCALE) {
            return "more than " + GameRound.SCALE + " decimal places";
        }
        return "out of range: more than " + MAX_INTEGER_DIGITS + " integer digits do not fit Decimal(18, 4)";
    }
}
