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

    /**
     * Cheap and without a long dependency chain: the length and three samples of 4 code units (start,
     * middle, end). Values that differ elsewhere only share a slot; {@link #get} compares all code units.
     */
    static int hash(char[] b, int off, int len) {
        long x;
        if (len >= 4) {
            x = four(b, off) * 0x9E3779B97F4A7C15L
                    ^ four(b, off + (len >> 1) - 2) * 0xC2B2AE3D27D4EB4FL
                    ^ four(b, off + len - 4) * 0x165667B19E3779F9L;
        } else {
            x = 0;
            for (int i = off; i < off + len; i++) x = x << 16 | b[i];
            x *= 0x9E3779B97F4A7C15L;
        }
        x ^= len;
        return (int) (x ^ (x >>> 32));
    }

    private static long four(char[] b, int i) {
        return b[i] | (long) b[i + 1] << 16 | (long) b[i + 2] << 32 | (long) b[i + 3] << 48;
    }
}
