package dev.roundhouse.csv;

/** Validates a text field's code units: length bounds, no NUL, surrogates properly paired. */
final class StringFields {
    private StringFields() {}

    /** True when the code units contain NUL or an unpaired surrogate. */
    static boolean hasProblem(char[] b, int off, int len) {
        int bad = 0;
        for (int i = off, end = off + len; i < end; i++) {
            char c = b[i];
            bad |= (c == 0 ? 1 : 0) | ((c & 0xF800) == 0xD800 ? 2 : 0);
        }
        return bad != 0 && problem(b, off, len) != null;
    }

    /** What is wrong with the code units, or null. */
    static String problem(char[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            char c = b[i];
            if (c == 0) return "NUL character at position " + (i - off + 1) + " (binary data, or UTF-16 read with the wrong byte order?)";
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < end && Character.isLowSurrogate(b[i + 1])) {
                    i++;
                    continue;
                }
                return "unpaired UTF-16 surrogate at position " + (i - off + 1);
            }
            if (Character.isLowSurrogate(c)) {
                return c >= 0xDC80 && c <= 0xDCFF
                        ? "invalid encoding at position " + (i - off + 1) + " (malformed UTF-8 or an unpaired UTF-16 surrogate)"
                        : "unpaired UTF-16 surrogate at position " + (i - off + 1);
            }
        }
        return null;
    }
}
