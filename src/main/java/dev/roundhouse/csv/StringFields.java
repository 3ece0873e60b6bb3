package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

/**
 * The rule for a required text field: not empty, at most a maximum of code units, no NUL, surrogates properly
 * paired. {@link #hasProblem} is the reader's allocation-free first look at the UTF-16BE bytes.
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
        return bad != 0 && problem(Utf16Be.string(b, off, len), len) != null;
    }

    /** What is wrong with a required text field of at most {@code maxChars} code units, or null. */
    static String problem(CharSequence s, int maxChars) {
        int len = s.length();
        if (len == 0) return "empty: a value is required";
        if (len > maxChars) return "longer than " + maxChars + " characters (" + len + ")";
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            int position = i + 1;
            if (c == 0) return "NUL character at position " + position + " (binary data, or UTF-16 read with the wrong byte order?)";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
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
