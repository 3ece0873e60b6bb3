package dev.roundhouse.csv;

import static dev.roundhouse.csv.Utf16Be.below;

/**
 * A bitmap over a buffer of UTF-16BE code units ({@link Utf16Be}) marking every code unit up to ','
 * (U+0000..U+002C: so every ',', '"', CR and LF, and also space and a few rarer characters), one bit per
 * code unit, most significant bit first: bit {@code 63 - (u & 63)} of word {@code u >>> 6} is code unit u.
 * Built without branches four code units at a time; scanning it replaces a per-unit (or per-long) loop
 * whose exit the branch predictor cannot guess.
 */
final class StopBits {
    /** Spreads the four lane bits of {@link Utf16Be#below} (shifted down to bits 48, 32, 16, 0) onto bits 63..60. */
    private static final long GATHER = (1L << 15) | (1L << 30) | (1L << 45) | (1L << 60);

    private StopBits() {}

    /** Buffer bytes for {@code units} code units of capacity: whole 64-unit words can always be read. */
    static int bufferBytes(int units) {
        return 2 * units + 128;
    }

    /** Bitmap words for {@code units} code units of capacity. */
    static int words(int units) {
        return units / 64 + 2;
    }

    /**
     * (Re)computes the words covering byte offsets {@code from..to} inclusive (to: the sentinel's offset).
     */
    static void mark(byte[] b, long[] stops, int from, int to) {
        for (int w = from >>> 7, last = to >>> 7; w <= last; w++) {
            int p = w << 7;
            stops[w] = sixteen(b, p) << 48 | sixteen(b, p + 32) << 32 | sixteen(b, p + 64) << 16 | sixteen(b, p + 96);
        }
    }

    private static long sixteen(byte[] b, int p) {
        return nibble(b, p) << 12 | nibble(b, p + 8) << 8 | nibble(b, p + 16) << 4 | nibble(b, p + 24);
    }

    /** The marks of the four code units at byte offset p, the first in bit 3. */
    private static long nibble(byte[] b, int p) {
        return ((below(Utf16Be.four(b, p), ',' + 1) >>> 15) * GATHER) >>> 60;
    }

    /**
     * Byte offset of the first marked code unit at or after byte offset {@code p}. A marked code unit must
     * follow (the tokenizer's sentinel).
     */
    static int next(long[] stops, int p) {
        int u = p >>> 1;
        int w = u >>> 6;
        long bits = stops[w] & (-1L >>> (u & 63));
        while (bits == 0) bits = stops[++w];
        return ((w << 6) + Long.numberOfLeadingZeros(bits)) << 1;
    }
}
