package dev.roundhouse.csv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The reader's working form of text: UTF-16 code units as big-endian byte pairs, whatever the upload's
 * encoding (so UTF-16BE input needs no conversion at all). Offsets are byte offsets, lengths are code
 * units. Also SWAR tests of four code units at once in one {@code long}: lane 0 (the first code unit)
 * is the most significant 16 bits, and a lane matches when its bit 15 is set in the result.
 */
final class Utf16Be {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long LANES = 0x0001_0001_0001_0001L;
    private static final long HIGH_BITS = 0x8000_8000_8000_8000L;
    private static final long NOT_ASCII = 0xFF80_FF80_FF80_FF80L;
    private static final long LOW_BYTES = 0x00FF_00FF_00FF_00FFL;

    private Utf16Be() {}

    /** The code unit at byte offset {@code i}. */
    static char unit(byte[] b, int i) {
        return (char) ((b[i] << 8) | (b[i + 1] & 0xFF));
    }

    static void put(byte[] b, int i, char c) {
        b[i] = (byte) (c >>> 8);
        b[i + 1] = (byte) c;
    }

    /** Four code units from byte offset {@code i}, the first in the top 16 bits. */
    static long four(byte[] b, int i) {
        return (long) LONG.get(b, i);
    }

    /**
     * Lanes of {@code x} whose code unit is below {@code n} (1 ≤ n ≤ 0x8000). Exact for every lane (no
     * borrow from one lane to the next), so the first match is {@link #firstMatch}.
     */
    static long below(long x, int n) {
        long sum = (x & ~HIGH_BITS) + (0x8000L - n) * LANES; // bit 15 of a lane: its low 15 bits are ≥ n
        return ~(sum | x) & HIGH_BITS;
    }

    /** Lanes of {@code x} equal to {@code c}. */
    static long equal(long x, char c) {
        return below(x ^ (c * LANES), 1);
    }

    /** Byte offset, within the four code units tested, of the first matching lane of a non-zero result. */
    static int firstMatch(long lanes) {
        return Long.numberOfLeadingZeros(lanes) >>> 3;
    }

    /**
     * Byte offset of the first code unit from {@code p} below {@code n}, four code units per step; the caller's
     * buffer must hold one (a sentinel) within reach, and 8 readable bytes from every offset scanned.
     */
    static int nextBelow(byte[] b, int p, int n) {
        long lanes;
        while ((lanes = below(four(b, p), n)) == 0) p += 8;
        return p + firstMatch(lanes);
    }

    /**
     * The code units as bytes when every one is ASCII other than NUL (then they are also the value's UTF-8
     * and Latin-1 bytes), else null. Four code units per step.
     */
    static byte[] plainAscii(byte[] b, int off, int units) {
        return plainAscii(b, off, units, 1);
    }

    /** As {@link #plainAscii(byte[], int, int)}, and null too when a code unit is below {@code lowest}. */
    static byte[] plainAscii(byte[] b, int off, int units, int lowest) {
        byte[] out = new byte[units];
        long bad = 0;
        int i = 0;
        for (; i + 4 <= units; i += 4) {
            long x = four(b, off + 2 * i);
            bad |= (x & NOT_ASCII) | below(x, lowest);
            int packed = (int) Long.compress(x, LOW_BYTES);
            out[i] = (byte) (packed >>> 24);
            out[i + 1] = (byte) (packed >>> 16);
            out[i + 2] = (byte) (packed >>> 8);
            out[i + 3] = (byte) packed;
        }
        for (; i < units; i++) {
            char c = unit(b, off + 2 * i);
            bad |= c >= 0x80 || c < lowest ? 1 : 0;
            out[i] = (byte) c;
        }
        return bad == 0 ? out : null;
    }

    static String string(byte[] b, int off, int units) {
        char[] c = new char[units];
        for (int i = 0; i < units; i++) c[i] = unit(b, off + 2 * i);
        return new String(c);
    }
}
