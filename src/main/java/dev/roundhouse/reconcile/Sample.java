package dev.roundhouse.reconcile;

import java.util.ArrayList;
import java.util.List;

/** A complete count with the first {@code limit} items kept. */
final class Sample<T> {
    private final int limit;
    private final List<T> items = new ArrayList<>();
    private long count;

    Sample(int limit) {
        this.limit = limit;
    }

    void add(T item) {
        count++;
        if (items.size() < limit) items.add(item);
    }

    long count() {
        return count;
    }

    List<T> items() {
        return items;
    }
}
