package dev.roundhouse.reconcile;

/** The permutation that sorts the first n keys ascending: a bottom-up merge sort on primitives (no boxing). */
final class IdOrder {
    private IdOrder() {}

    static int[] of(long[] keys, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, o = lo;
                if (mid < hi && keys[a[mid - 1]] <= keys[a[mid]]) { // already in order: copy the run
                    System.arraycopy(a, lo, b, lo, hi - lo);
                    continue;
                }
                while (i < mid && j < hi) b[o++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++];
                while (i < mid) b[o++] = a[i++];
                while (j < hi) b[o++] = a[j++];
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }
}
