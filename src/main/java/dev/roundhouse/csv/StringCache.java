package dev.roundhouse.csv;

import java.util.Arrays;

/**
 * A bounded, direct-mapped cache from code-unit ranges to Strings, so values that repeat row after
 * row (user ids, game names, providers) are materialised once. A miss replaces the slot; memory is
 * bounded by {@code slots} entries. Only clean code units (see {@link StringFields}) are cached,
 * so a hit needs no validation.
 */
final class StringCache {
    private final int[] hashes;
    /** key (char[]) and value (String) of slot i at 2i and 2i+1: one cache line for both refs. */
    private final Object[] entries;
    private final int mask;

    /** @param slots rounded up to a power of two */
    StringCache(int slots) {
        int n = Integer.highestOneBit(Math.max(2, slots - 1)) << 1;
        hashes = new int[n];
        entries = new Object[2 * n];
        mask = n - 1;
    }

    /**
     * The String for {@code b[off..off+len)}, or null when the code units contain NUL or an unpaired
     * surrogate.
     */
    String get(char[] b, int off, int len) {
        int h = hash(b, off, len);
        int slot = h & mask;
        if (hashes[slot] == h) {
            Object[] e = entries;
            char[] k = (char[]) e[2 * slot];
            if (k != null && k.length == len && Arrays.equals(k, 0, len, b, off, off + len)) {
                return (String) e[2 * slot + 1];
            }
        }
        if (StringFields.hasProblem(b, off, len)) return null;
        String s = new String(b, off, len);
        hashes[slot] = h;
        entries[2 * slot] = Arrays.copyOfRange(b, off, off + len);
        entries[2 * slot + 1] = s;
        return s;
    }

    /** Cheap: the length, the first and the last (up to) 8 code units. */
    private static int hash(char[] b, int off, int len) {
        int h = len;
        int n = Math.min(len, 8);
        for (int i = 0; i < n; i++) h = 31 * h + b[off + i];
        for (int i = off + len - n; i < off + len; i++) h = 31 * h + b[i];
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }
}
