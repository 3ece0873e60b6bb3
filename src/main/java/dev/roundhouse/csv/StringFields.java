package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.unit;

import dev.roundhouse.model.TextField;

/**
 * The reader's allocation-free first look at a text field's UTF-16BE bytes; the rule itself is
 * {@link TextField#problem}.
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
        return bad != 0 && TextField.problem(Utf16Be.string(b, off, len), len) != null;
    }
}
