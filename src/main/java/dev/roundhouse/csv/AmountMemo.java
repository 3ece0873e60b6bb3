package dev.roundhouse.csv;

/**
 * Amounts of up to four code units ({@code 0}, {@code 0.00}, {@code 1.25}, …: nearly all of them) repeat
 * all the time, so their parsed values are remembered in a small direct-mapped table keyed by the code
 * units themselves: a hit is one table probe instead of a digit loop whose length the branch predictor
 * cannot guess. The key holds every code unit of the amount and its length, so a hit is exact; only
 * valid amounts are remembered. Everything else goes to {@link Decimals#parse}.
 */
final class AmountMemo {
    private static final int BITS = 12;
    private static final int LEN_BITS = 3;
    /** The amount's code units, the first in the top 16 bits, unused lanes zero. */
    private final long[] keys = new long[1 << BITS];
    /** The unscaled value shifted left by {@link #LEN_BITS}, or-ed with the amount's length (0: empty slot). */
    private final long[] values = new long[1 << BITS];

    /** As {@link Decimals#parse}. */
    long parse(byte[] b, int off, int len) {
        if (len < 1 || len > 4 || b.length - off < 8) return Decimals.parse(b, off, len); // the key reads 8 bytes
        long key = Utf16Be.four(b, off) & (-1L << (64 - 16 * len));
        int slot = (int) (((key + len) * 0x9E3779B97F4A7C15L) >>> (64 - BITS));
        long packed = values[slot];
        if (keys[slot] == key && (packed & ((1 << LEN_BITS) - 1)) == len) return packed >>> LEN_BITS;
        long v = Decimals.parse(b, off, len);
        if (v >= 0) { // a value, not MISSING (NaN) or INVALID; four code units stay far below 2^60
            keys[slot] = key;
            values[slot] = v << LEN_BITS | len;
        }
        return v;
    }
}
