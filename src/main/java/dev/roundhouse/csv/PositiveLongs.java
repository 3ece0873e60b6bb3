package dev.roundhouse.csv;

/**
 * Parses a positive 64-bit decimal integer straight from code units: digits only (leading zeros
 * allowed), no sign, no exponent, no separators, at least 1, at most {@link Long#MAX_VALUE}.
 */
final class PositiveLongs {
    /** Returned by {@link #parse} for anything that is not a valid positive long. */
    static final long INVALID = -1;

    private PositiveLongs() {}

    static long parse(char[] b, int off, int len) {
        if (len <= 0 || len > 19) return len > 19 ? parseLong(b, off, len) : INVALID;
        long v = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) return INVALID;
            v = v * 10 + d; // 19 digits cannot overflow past a sign flip undetected
        }
        return v > 0 ? v : INVALID; // a 19-digit value above Long.MAX_VALUE wraps negative
    }

    /** Longer than 19 chars: valid only with leading zeros. */
    private static long parseLong(char[] b, int off, int len) {
        int i = off, end = off + len;
        while (i < end - 1 && b[i] == '0') i++;
        return end - i <= 19 ? parse(b, i, end - i) : INVALID;
    }

    /** Why {@link #parse} rejected the value. */
    static String explain(char[] b, int off, int len) {
        if (len == 0) return "empty: a positive integer is required";
        for (int i = off; i < off + len; i++) {
            char c = b[i];
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

    private static boolean isZero(char[] b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b[i] != '0') return false;
        return true;
    }

    static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
