package dev.roundhouse.model;

/**
 * The rule for a required text field (player id, game name, provider): not empty, at most a maximum of UTF-16
 * code units, no NUL, surrogates properly paired. Any other character, control characters included, is data.
 */
public final class TextField {
    private TextField() {}

    /** What is wrong with a required text field of at most {@code maxChars} code units, or null. */
    public static String problem(CharSequence s, int maxChars) {
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
