package dev.roundhouse.reconcile;

import dev.roundhouse.model.GameRound;
import java.util.Arrays;

/**
 * The CSV's own hourly aggregates per (hour, player, game), as the materialized views compute them:
 * every row is a round, an empty/NaN amount adds 0. Open addressing over primitive arrays (about 90 bytes
 * a group with the table). A slot holds the key's hash next to the group index, and a group's key is two
 * adjacent longs, so a lookup touches about two cache lines: 2 M groups are far larger than the caches.
 */
final class CsvGroups {
    private static final int TOTALS = 1 + Amounts.COUNT;
    /** Group g's key: {@code keys[2g] = hour << 32 | user}, {@code keys[2g + 1] = gameId}. */
    private long[] keys = new long[2 * 1024];
    /** Group g's rounds at {@code totals[5g]}, then its four sums: one cache line per update. */
    private long[] totals = new long[TOTALS * 1024];
    private int size;
    /** Per slot {@code hash << 32 | (group index + 1)}, 0 = empty; at most half full. */
    private long[] table = new long[4096];

    /** Counts {@code r} (whose user has id {@code user}) into its group; ArithmeticException if a sum leaves the long range. */
    void add(GameRound r, int user) {
        int hour = hourOf(Math.floorDiv(r.createdMillis, 1000L));
        int g = find(hour, user, r.gameId);
        if (g < 0) g = insert(hour, user, r.gameId);
        int t = TOTALS * g;
        totals[t]++;
        for (int k = 0; k < Amounts.COUNT; k++) {
            long v = Amounts.of(r, k);
            if (v != GameRound.MISSING) totals[t + 1 + k] = Math.addExact(totals[t + 1 + k], v);
        }
    }

    static int hourOf(long epochSecond) {
        return Math.toIntExact(Math.floorDiv(epochSecond, 3600L));
    }

    /** The group's index, or -1. */
    int find(int hour, int user, long gameId) {
        long k0 = key0(hour, user);
        int h = hash(k0, gameId);
        int mask = table.length - 1;
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            long e = table[slot];
            if (e == 0) return -1;
            int g = (int) e - 1;
            if ((int) (e >>> 32) == h && keys[2 * g] == k0 && keys[2 * g + 1] == gameId) return g;
        }
    }

    private int insert(int hour, int user, long gameId) {
        if (TOTALS * size == totals.length) growArrays();
        int g = size++;
        keys[2 * g] = key0(hour, user);
        keys[2 * g + 1] = gameId;
        if (2 * size > table.length) rehash(); else place(g);
        return g;
    }

    private void place(int g) {
        int h = hash(keys[2 * g], keys[2 * g + 1]);
        int mask = table.length - 1;
        int slot = h & mask;
        while (table[slot] != 0) slot = (slot + 1) & mask;
        table[slot] = (long) h << 32 | (g + 1);
    }

    private void rehash() {
        table = new long[table.length * 2];
        for (int g = 0; g < size; g++) place(g);
    }

    private void growArrays() {
        int n = size + (size >> 1);
        keys = Arrays.copyOf(keys, 2 * n);
        totals = Arrays.copyOf(totals, TOTALS * n);
    }

    private static long key0(int hour, int user) {
        return (long) hour << 32 | (user & 0xFFFF_FFFFL);
    }

    private static int hash(long k0, long gameId) {
        long h = k0 * 0x9E3779B97F4A7C15L + gameId * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    int size() { return size; }
    int hour(int g) { return (int) (keys[2 * g] >> 32); }
    int user(int g) { return (int) keys[2 * g]; }
    long gameId(int g) { return keys[2 * g + 1]; }
    long rounds(int g) { return totals[TOTALS * g]; }
    long sum(int k, int g) { return totals[TOTALS * g + 1 + k]; }
}
