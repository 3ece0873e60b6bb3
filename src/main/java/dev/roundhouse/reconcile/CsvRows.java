package dev.roundhouse.reconcile;

import dev.roundhouse.model.GameRound;
import java.util.Arrays;

/**
 * The CSV's accepted rows as parallel primitive arrays (about 68 bytes a row; strings are ids of {@link StringIds}),
 * sorted by game_instance_id once complete so a stored row finds its CSV row by id ({@link #indexOf}).
 */
final class CsvRows {
    private long[] ids = new long[1024];
    private long[] seconds = new long[1024];
    private long[] gameIds = new long[1024];
    private int[] users = new int[1024];
    private int[] names = new int[1024];
    private int[] providers = new int[1024];
    private final long[][] amounts = new long[Amounts.COUNT][1024];
    private int size;

    void add(GameRound r, int user, int name, int provider) {
        if (size == ids.length) grow();
        int i = size++;
        ids[i] = r.gameInstanceId;
        seconds[i] = Math.floorDiv(r.createdMillis, 1000L);
        gameIds[i] = r.gameId;
        users[i] = user;
        names[i] = name;
        providers[i] = provider;
        for (int k = 0; k < Amounts.COUNT; k++) amounts[k][i] = Amounts.of(r, k);
    }

    /** Grows by half, one array at a time, so the transient extra memory is a fraction of one array. */
    private void grow() {
        int n = size + (size >> 1);
        ids = Arrays.copyOf(ids, n);
        seconds = Arrays.copyOf(seconds, n);
        gameIds = Arrays.copyOf(gameIds, n);
        users = Arrays.copyOf(users, n);
        names = Arrays.copyOf(names, n);
        providers = Arrays.copyOf(providers, n);
        for (int k = 0; k < Amounts.COUNT; k++) amounts[k] = Arrays.copyOf(amounts[k], n);
    }

    /** Orders the rows by id; free when they already are (files are usually written in id order). */
    void sortById() {
        if (isSorted()) return;
        int[] order = IdOrder.of(ids, size);
        ids = permute(ids, order);
        seconds = permute(seconds, order);
        gameIds = permute(gameIds, order);
        users = permute(users, order);
        names = permute(names, order);
        providers = permute(providers, order);
        for (int k = 0; k < Amounts.COUNT; k++) amounts[k] = permute(amounts[k], order);
    }

    private boolean isSorted() {
        for (int i = 1; i < size; i++) {
            if (ids[i - 1] > ids[i]) return false;
        }
        return true;
    }

    private long[] permute(long[] a, int[] order) {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) out[i] = a[order[i]];
        return out;
    }

    private int[] permute(int[] a, int[] order) {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = a[order[i]];
        return out;
    }

    /**
     * The index of the row with this id (ids are unique: the reader rejects duplicates), or -1. Tried at
     * {@code hint} first: stored rows mostly arrive in id order, so the caller's last index + 1 is usually
     * right and the binary search is skipped.
     */
    int indexOf(long id, int hint) {
        if (hint < size && ids[hint] == id) return hint;
        int lo = 0, hi = size - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ids[mid] < id) lo = mid + 1; else hi = mid;
        }
        return size > 0 && ids[lo] == id ? lo : -1;
    }

    int size() { return size; }
    long id(int i) { return ids[i]; }
    long second(int i) { return seconds[i]; }
    long gameId(int i) { return gameIds[i]; }
    int user(int i) { return users[i]; }
    int name(int i) { return names[i]; }
    int provider(int i) { return providers[i]; }
    long amount(int k, int i) { return amounts[k][i]; }
}
