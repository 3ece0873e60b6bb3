package dev.roundhouse.generate;

import java.util.Locale;

/** How {@link RoundsGenerator} decides who plays what, when. */
public enum Profile {
    /**
     * Players play sessions on one game, a round every few seconds, for minutes to hours, more of them in the
     * evening (see {@link SessionRounds}). A 2.1 M-row file holds about 0.01 (hour, player, game) groups per row,
     * as real slot play does.
     */
    SESSION,
    /**
     * Every row picks its player and game independently (Zipf-like) at exponential time gaps: almost every row
     * is its own (hour, player, game) group. The schema's worst case; the generator's only behaviour before
     * sessions existed, byte for byte.
     */
    INDEPENDENT;

    /** {@code session} or {@code independent}, as on the command line. */
    public static Profile of(String name) {
        for (Profile p : values()) {
            if (p.cliName().equals(name)) return p;
        }
        throw new IllegalArgumentException("profile must be session or independent, not " + name);
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
