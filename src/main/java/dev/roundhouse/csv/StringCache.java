package dev.roundhouse.csv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded, direct-mapped cache from code-unit ranges ({@link Utf16Be}) to Strings and their UTF-8, so
 * values that repeat row after row (game names, providers) are materialised and encoded once. A miss replaces the slot; memory
 * is bounded by {@code slots} entries. A hit compares every byte of the key, so a hash collision never
 * yields a wrong value. Only clean code units (see {@link StringFields}) are cached, so a hit needs no
 * validation.
 */
final class StringCache {
    private final int[] hashes;
    /** key (byte[]), value (String) and its UTF-8 (byte[]) of slot i at 3i..3i+2: one cache line for all. */
    private final Object[] entries;
    private final int mask;

    /** @param slots rounded up to a power of two */
    StringCache(int slots) {
        int n = Integer.highestOneBit(Math.max(2, slots - 1)) << 1;
        hashes = new int[n];
        entries = new Object[3 * n];
        mask = n - 1;
    }

    /**
     * The entry for the {@code len} code units from byte offset {@code off} (for {@link #value} and
     * {@link #utf8}), or -1 when they contain NUL or an unpaired surrogate.
     */
    int get(byte[] b, int off, int len) {
        int h = hash(b, off, len);
        int slot = h & mask;
        int bytes = 2 * len;
        if (hashes[slot] == h) {
            byte[] k = (byte[]) entries[3 * slot];
            if (k != null && k.length == bytes && Arrays.equals(k, 0, bytes, b, off, off + bytes)) return slot;
        }
        if (StringFields.hasProblem(b, off, len)) return -1;
        String s = Utf16Be.string(b, off, len);
        hashes[slot] = h;
        entries[3 * slot] = Arrays.copyOfRange(b, off, off + bytes);
        entries[3 * slot + 1] = s;
        entries[3 * slot + 2] = s.getBytes(StandardCharsets.UTF_8);
        return slot;
    }

    /** The String of an entry {@link #get} returned, valid until the next call. */
    String value(int entry) {
        return (String) entries[3 * entry + 1];
    }

    /** Its UTF-8 bytes (shared: not to be modified). */
    byte[] utf8(int entry) {
        return (byte[]) entries[3 * entry + 2];
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
