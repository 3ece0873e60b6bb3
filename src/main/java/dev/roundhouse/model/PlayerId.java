package dev.roundhouse.model;

/**
 * The one rule for a player id (the CSV's user_id), for uploads and lookups alike: a lookup accepts exactly the
 * ids an upload can store. 1 to 64 UTF-16 code units, no NUL, surrogates paired; any other character, a TAB
 * included, is data.
 */
public final class PlayerId {
    public static final int MAX_CHARS = 64;

    private PlayerId() {}

    /** Null when {@code id} is a valid player id, else why not. */
    public static String problem(CharSequence id) {
        return TextField.problem(id, MAX_CHARS);
    }
}
