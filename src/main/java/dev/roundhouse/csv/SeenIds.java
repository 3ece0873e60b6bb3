package dev.roundhouse.csv;

import java.util.Arrays;

/**
 * The set of {@code game_instance_id}s seen in one upload, compact for the usual mostly ascending,
 * mostly consecutive ids: a sorted array of disjoint inclusive ranges whose last range grows in O(1)
 * while ids keep ascending, plus a primitive open-addressing set for ids that arrive out of order.
 * When that set grows large it is sorted and merged into the ranges (coalescing neighbours), so a
 * descending or shuffled run of consecutive ids still collapses into few ranges. No boxing.
 * 10 M consecutive ids take a few bytes; 10 M ids all far apart take ~16 bytes each.
 */
final class SeenIds {
    private static final int MERGE_AT = 1 << 20;

    // ranges: lo[i]..hi[i], sorted, disjoint, not adjacent; ranges[n-1] is the top run
    private long[] lo = new long[16];
    private long[] hi = new long[16];
    private int n;

    // out-of-order ids not yet merged: open addressing, 0 = empty slot (ids are positive)
    private long[] table = new long[1 << 10];
    private int tableSize;

    private long count;

    /** Adds {@code id} (> 0). False if it was already present. */
    boolean add(long id) {
        if (n > 0) {
            long top = hi[n - 1];
            if (id == top + 1) { // the fast path: the next consecutive id
                hi[n - 1] = id;
                count++;
                return true;
            }
            if (id <= top) return addOutOfOrder(id);
        }
        if (n == lo.length) {
            lo = Arrays.copyOf(lo, n * 2);
            hi = Arrays.copyOf(hi, n * 2);
        }
        lo[n] = id;
        hi[n] = id;
        n++;
        count++;
        return true;
    }

    long size() {
        return count;
    }

    private boolean addOutOfOrder(long id) {
        if (inRanges(id)) return false;
        long[] t = table;
        int mask = t.length - 1;
        int i = slot(id) & mask;
        for (long v; (v = t[i]) != 0; i = (i + 1) & mask) {
            if (v == id) return false;
        }
        t[i] = id;
        count++;
        if (++tableSize * 2 > t.length) {
            if (tableSize >= MERGE_AT) {
                mergeTable();
            } else {
                rehash(t.length * 2);
            }
        }
        return true;
    }

    private boolean inRanges(long id) {
        int a = 0, b = n - 1;
        while (a <= b) {
            int m = (a + b) >>> 1;
            if (hi[m] < id) a = m + 1;
            else if (lo[m] > id) b = m - 1;
            else return true;
        }
        return false;
    }

    private static int slot(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void rehash(int capacity) {
        long[] old = table;
        long[] t = new long[capacity];
        int mask = capacity - 1;
        for (long v : old) {
            if (v == 0) continue;
            int i = slot(v) & mask;
            while (t[i] != 0) i = (i + 1) & mask;
            t[i] = v;
        }
        table = t;
    }

    /** Sorts the pending ids and merges them with the ranges, coalescing adjacent values. */
    private void mergeTable() {
        long[] ids = new long[tableSize];
        int k = 0;
        for (long v : table) if (v != 0) ids[k++] = v;
        Arrays.sort(ids);
        table = new long[1 << 10];
        tableSize = 0;
        long[] nlo = new long[Math.max(16, n + k)];
        long[] nhi = new long[nlo.length];
        int m = 0, i = 0, j = 0;
        while (i < n || j < k) {
            long a, b;
            if (j >= k || (i < n && lo[i] < ids[j])) {
                a = lo[i];
                b = hi[i++];
            } else {
                a = b = ids[j++];
            }
            if (m > 0 && a <= nhi[m - 1] + 1) {
                if (b > nhi[m - 1]) nhi[m - 1] = b;
            } else {
                nlo[m] = a;
                nhi[m++] = b;
            }
        }
        lo = Arrays.copyOf(nlo, Math.max(16, m + m / 2));
        hi = Arrays.copyOf(nhi, lo.length);
        n = m;
    }
}
