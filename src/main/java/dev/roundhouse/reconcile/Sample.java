package dev.roundhouse.reconcile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A complete count, and the first {@code limit} items in report order, whatever order they are added in
 * (stored rows and groups arrive in no particular order).
 */
final class Sample<T> {
    private final int limit;
    private final Comparator<? super T> order;
    /** The kept items, the last in report order at the head: the one to drop for an earlier item. */
    private final PriorityQueue<T> kept;
    private long count;

    Sample(int limit, Comparator<? super T> order) {
        this.limit = limit;
        this.order = order;
        this.kept = new PriorityQueue<>(order.reversed());
    }

    void add(T item) {
        count++;
        if (kept.size() < limit) {
            kept.add(item);
        } else if (limit > 0 && order.compare(item, kept.peek()) < 0) {
            kept.poll();
            kept.add(item);
        }
    }

    long count() {
        return count;
    }

    /** The kept items in report order. */
    List<T> items() {
        var items = new ArrayList<>(kept);
        items.sort(order);
        return items;
    }
}
