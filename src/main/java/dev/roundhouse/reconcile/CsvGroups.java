package dev.roundhouse.reconcile;

import dev.roundhouse.csv.GameRound;
import java.util.Arrays;

/**
 * The CSV's own hourly aggregates per (hour, player, game), as the materialized views compute them:
 * every row is a round, an empty/NaN amount adds 0. Open addressing over parallel primitive arrays
 * (about 60 bytes a group with the table).
 */
final class CsvGroups {
    private int[] hours = new int[1024];
    private int[] users = new int[1024];
    private long[] gameIds = new long[1024];
    private long[] rounds = new long[1024];
    private final long[][] sums = new long[Amounts.COUNT][1024];
    private int size;
    /** Group index + 1 per slot, 0 = empty; at most half full. */
    private int[] table = new int[4096];

    /** Counts {@code r} (whose user has id {@code user}) into its group; ArithmeticException if a sum leaves the long range. */
    void add(GameRound r, int user) {
        int hour = hourOf(Math.floorDiv(r.createdMillis, 1000L));
        int g = find(hour, user, r.gameId);
        if (g < 0) g = insert(hour, user, r.gameId);
        rounds[g]++;
        for (int k = 0; k < Amounts.COUNT; k++) {
            long v = Amounts.of(r, k);
            if (v != GameRound.MISSING) sums[k][g] = Math.addExact(sums[k][g], v);
        }
    }

    static int hourOf(long epochSecond) {
        return Math.toIntExact(Math.floorDiv(epochSecond, 3600L));
    }

    /** The group's index, or -1. */
    int find(int hour, int user, long gameId) {
        int mask = table.length - 1;
        for (int slot = hash(hour, user, gameId) & mask; ; slot = (slot + 1) & mask) {
            int g = table[slot] - 1;
            if (g < 0) return -1;
            if (hours[g] == hour && users[g] == user && gameIds[g] == gameId) return g;
        }
    }

    private int insert(int hour, int user, long gameId) {
        if (size == hours.length) growArrays();
        int g = size++;
        hours[g] = hour;
        users[g] = user;
        gameIds[g] = gameId;
        if (2 * size > table.length) rehash(); else place(g);
        return g;
    }

    private void place(int g) {
        int mask = table.length - 1;
        int slot = hash(hours[g], users[g], gameIds[g]) & mask;
        while (table[slot] != 0) slot = (slot + 1) & mask;
        table[slot] = g + 1;
    }

    private void rehash() {
        table = new int[table.length * 2];
        for (int g = 0; g < size; g++) place(g);
    }

    private void growArrays() {
        int n = size + (size >> 1);
        hours = Arrays.copyOf(hours, n);
        users = Arrays.copyOf(users, n);
        gameIds = Arrays.copyOf(gameIds, n);
        rounds = Arrays.copyOf(rounds, n);
        for (int k = 0; k < Amounts.COUNT; k++) sums[k] = Arrays.copyOf(sums[k], n);
    }

    private static int hash(int hour, int user, long gameId) {
        long h = hour * 0x9E3779B97F4A7C15L + user * 0xC2B2AE3D27D4EB4FL + gameId * 0x165667B19E3779F9L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    int size() { return size; }
    int hour(int g) { return hours[g]; }
    int user(int g) { return users[g]; }
    long gameId(int g) { return gameIds[g]; }
    long rounds(int g) { return rounds[g]; }
    long sum(int k, int g) { return sums[k][g]; }
}
