package dev.roundhouse.reconcile;

import java.util.ArrayList;
import java.util.List;

/**
 * Numbers distinct strings densely from 0, so per-row facts hold an int instead of a reference. Open addressing
 * on the String's cached hash code with an identity check first: the CSV reader hands out the same String
 * instance for a repeated value, so a lookup is usually two array reads and a reference compare.
 */
final class StringIds {
    private String[] keys = new String[1024];
    private int[] ids = new int[1024];
    private final List<String> values = new ArrayList<>();

    int id(String s) {
        int slot = slot(s);
        if (keys[slot] != null) return ids[slot];
        int id = values.size();
        values.add(s);
        keys[slot] = s;
        ids[slot] = id;
        if (2 * values.size() > keys.length) rehash();
        return id;
    }

    /** The id of {@code s}, or -1 when it was never seen. */
    int find(String s) {
        int slot = slot(s);
        return keys[slot] == null ? -1 : ids[slot];
    }

    String value(int id) {
        return values.get(id);
    }

    /** The slot holding {@code s}, or the empty slot where it belongs. */
    @SuppressWarnings("ReferenceEquality") // identity first: ids come from one reader, most lookups hit the same String
    private int slot(String s) {
        int mask = keys.length - 1;
        int slot = mix(s.hashCode()) & mask;
        for (String k; (k = keys[slot]) != null; slot = (slot + 1) & mask) {
            if (k == s || k.equals(s)) return slot;
        }
        return slot;
    }

    private void rehash() {
        keys = new String[keys.length * 2];
        ids = new int[ids.length * 2];
        for (int id = 0; id < values.size(); id++) {
            int slot = slot(values.get(id));
            keys[slot] = values.get(id);
            ids[slot] = id;
        }
    }

    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
