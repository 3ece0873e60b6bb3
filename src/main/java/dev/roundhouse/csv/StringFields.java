package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

/**
 * Validates a text field's code units ({@link Utf16Be}: byte offset, length in code units): no NUL,
 * surrogates properly paired.
 */
final class StringFields {
    private StringFields() {}

    /** True when the code units contain NUL or an unpaired surrogate. */
    static boolean hasProblem(byte[] b, int off, int len) {
        int bad = 0;
        for (int i = off, end = off + 2 * len; i < end; i += 2) {
            char c = unit(b, i);
            bad |= (c == 0 ? 1 : 0) | ((c & 0xF800) == 0xD800 ? 2 : 0);
        }
        return bad != 0 && problem(b, off, len) != null;
    }

    /** What is wrong with the code units, or null. */
    static String problem(byte[] b, int off, int len) {
        for (int i = off, end = off + 2 * len; i < end; i += 2) {
            char c = unit(b, i);
            int position = (i - off) / 2 + 1;
            if (c == 0) return "NUL character at position " + position + " (binary data, or UTF-16 read with the wrong byte order?)";
            if (Character.isHighSurrogate(c)) {
                if (i + 2 < end && Character.isLowSurrogate(unit(b, i + 2))) {
                    i += 2;
                    continue;
                }
                return "unpaired UTF-16 surrogate at position " + position;
            }
            if (Character.isLowSurrogate(c)) {
                return c >= 0xDC80 && c <= 0xDCFF
                        ? "invalid encoding at position " + position + " (malformed UTF-8 or an unpaired UTF-16 surrogate)"
                        : "unpaired UTF-16 surrogate at position " + position;
            }
        }
        return null;
    }
}
