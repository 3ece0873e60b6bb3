package dev.roundhouse.csv;

/**
 * A bounded, direct-mapped cache from code-unit ranges to Strings, so values that repeat row after
 * row (user ids, game names, providers) are materialised once. A miss replaces the slot; memory is
 * bounded by {@code slots} entries.
 */
final class StringCache {
    private final String[] values;
    private final char[][] keys;
    private final int mask;

    /** @param slots rounded up to a power of two */
    StringCache(int slots) {
        int n = Integer.highestOneBit(Math.max(2, slots - 1)) << 1;
        values = new String[n];
        keys = new char[n][];
        mask = n - 1;
    }

    /** The String for {@code b[off..off+len)}; the caller has validated the code units. */
    String get(char[] b, int off, int len, int hash) {
        int slot = mix(hash) & mask;
        char[] k = keys[slot];
        if (k != null && k.length == len && java.util.Arrays.equals(k, 0, len, b, off, off + len)) {
            return values[slot];
        }
        String s = new String(b, off, len);
        keys[slot] = java.util.Arrays.copyOfRange(b, off, off + len);
        values[slot] = s;
        return s;
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
