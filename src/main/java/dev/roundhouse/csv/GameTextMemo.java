package dev.roundhouse.csv;

import java.util.Arrays;

/**
 * The game name or provider field as it last appeared for a game id: its raw code units (quotes included),
 * its String and UTF-8. A file repeats a game's name and provider on every round of it, so a field whose raw
 * units equal the memo's is taken without searching for its end or hashing it. Direct-mapped on the game id;
 * a miss is an ordinary read that then replaces the slot. Only fields the reader accepted are remembered, and
 * a hit compares every unit, so it yields exactly what the ordinary read would.
 */
final class GameTextMemo {
    private static final int SLOTS = 1 << 10;
    private final long[] gameIds = new long[SLOTS];
    private final byte[][] raws = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private final byte[][] utf8s = new byte[SLOTS][];

    /** The slot of a game id, for the other methods. */
    static int slot(long gameId) {
        return (int) gameId & (SLOTS - 1);
    }

    /**
     * Byte offset just past the field from {@code p} when its raw units are the ones remembered for this game
     * id (what follows them is for the caller to check), else -1.
     */
    int end(int slot, long gameId, byte[] b, int p, int lim) {
        byte[] raw = raws[slot];
        if (raw == null || gameIds[slot] != gameId) return -1;
        int e = p + raw.length;
        return e < lim && Arrays.equals(raw, 0, raw.length, b, p, e) ? e : -1;
    }

    String value(int slot) {
        return values[slot];
    }

    byte[] utf8(int slot) {
        return utf8s[slot];
    }

    /** Remembers the field b[p, e) the reader accepted for this game id as the given value. */
    void remember(int slot, long gameId, byte[] b, int p, int e, String value, byte[] utf8) {
        gameIds[slot] = gameId;
        raws[slot] = Arrays.copyOfRange(b, p, e);
        values[slot] = value;
        utf8s[slot] = utf8;
    }
}
