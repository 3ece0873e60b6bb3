package dev.roundhouse.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/** Numbers distinct strings densely from 0, so per-row facts hold an int instead of a reference. */
final class StringIds {
    private final HashMap<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();

    int id(String s) {
        Integer id = ids.get(s);
        if (id == null) {
            id = values.size();
            ids.put(s, id);
            values.add(s);
        }
        return id;
    }

    /** The id of {@code s}, or -1 when it was never seen. */
    int find(String s) {
        Integer id = ids.get(s);
        return id == null ? -1 : id;
    }

    String value(int id) {
        return values.get(id);
    }
}
