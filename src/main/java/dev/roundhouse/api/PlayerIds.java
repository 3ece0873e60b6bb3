package dev.roundhouse.api;

import dev.roundhouse.csv.RoundReader;

/** What a player id (the CSV's user_id) given to the API may be: what an upload could have stored, nothing else. */
final class PlayerIds {
    static final int MAX_CHARS = RoundReader.MAX_USER_ID;

    private PlayerIds() {}

    /** Null when {@code id} is acceptable, else why not. */
    static String problem(String id) {
        if (id.isEmpty()) return "is empty";
        if (id.length() > MAX_CHARS) return "is longer than " + MAX_CHARS + " characters";
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) return "contains a control character";
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 == id.length() || !Character.isLowSurrogate(id.charAt(i + 1))) {
                    return "contains an unpaired surrogate";
                }
                i++;
            }
        }
        return null;
    }
}
