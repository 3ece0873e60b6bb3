package dev.roundhouse.csv;

import java.util.Arrays;

/**
 * A bounded, direct-mapped cache from code-unit ranges ({@link Utf16Be}) to Strings, so values that repeat
 * row after row (user ids, game names, providers) are materialised once. A miss replaces the slot; memory
 * is bounded by {@code slots} entries. A hit compares every byte of the key, so a hash collision never
 * yields a wrong value. Only clean code units (see {@link StringFields}) are cached, so a hit needs no
 * validation.
 */
final class StringCache {
    private final int[] hashes;
    /** key (byte[]) and value (String) of slot i at 2i and 2i+1: one cache line for both refs. */
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
     * The String for the {@code len} code units from byte offset {@code off}, or null when they contain
     * NUL or an unpaired surrogate.
     */
    String get(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int slot = h & mask;
        int bytes = 2 * len;
        if (hashes[slot] == h) {
            Object[] e = entries;
            byte[] k = (byte[]) e[2 * slot];
            if (k != null && k.length == bytes && Arrays.equals(k, 0, bytes, b, off, off + bytes)) {
                return (String) e[2 * slot + 1];
            }
        }
        if (StringFields.hasProblem(b, off, len)) return null;
        String s = Utf16Be.string(b, off, len);
        hashes[slot] = h;
        entries[2 * slot] = Arrays.copyOfRange(b, off, off + bytes);
        entries[2 * slot + 1] = s;
        return s;
    }

    /**
     * Cheap and without a long dependency chain: the length and three samples of 4 code units (start,
     * middle, end). Values that differ elsewhere only share a slot; {@link #get} compares all code units.
     */
    static int hash(byte[] b, int off, int len) {
        long x;
        if (len >= 4) {
            x = Utf16Be.four(b, off) * 0x9E3779B97F4A7C15L
                    ^ Utf16Be.four(b, off + 2 * ((len >> 1) - 2)) * 0xC2B2AE3D27D4EB4FL
                    ^ Utf16Be.four(b, off + 2 * (len - 4)) * 0x165667B19E3779F9L;
        } else {
            x = 0;
            for (int i = 0; i < len; i++) x = x << 16 | Utf16Be.unit(b, off + 2 * i);
            x *= 0x9E3779B97F4A7C15L;
        }
        x ^= len;
        return (int) (x ^ (x >>> 32));
    }
}
