package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class StringCacheTest {
    /** The hash samples only 12 code units: these differ elsewhere, so they share a slot. */
    private static final String A = "872de53a900f3250ae5649ea19e5c0d1";
    private static final String B = "872de53a9XYZ3250ae5649ea1ZZZc0d1";

    @Test
    void valuesWithTheSameHashAreToldApart() {
        assertEquals(StringCache.hash(Csv.utf16(A), 0, A.length()), StringCache.hash(Csv.utf16(B), 0, B.length()));
        StringCache cache = new StringCache(16);
        for (int i = 0; i < 3; i++) {
            assertEquals(A, get(cache, A));
            assertEquals(B, get(cache, B));
        }
    }

    @Test
    void aHitIsTheSameInstanceAtAnyOffset() {
        StringCache cache = new StringCache(16);
        String first = get(cache, A);
        byte[] shifted = Csv.utf16("xx," + A + ",yy");
        assertSame(first, cache.get(shifted, 6, A.length()));
    }

    @Test
    void shortValuesAndPrefixes() {
        StringCache cache = new StringCache(4);
        for (String s : new String[] {"a", "ab", "abc", "abcd", "abcde", "b", "ba", "abc", "a"}) {
            assertEquals(s, get(cache, s));
        }
    }

    @Test
    void invalidCodeUnitsAreNotCached() {
        StringCache cache = new StringCache(16);
        assertNull(get(cache, "bad\u0000id"));
        assertNull(get(cache, "lone\uD800"));
        assertEquals("ok 🎰", get(cache, "ok 🎰"));
    }

    private static String get(StringCache cache, String s) {
        return cache.get(Csv.utf16(s), 0, s.length());
    }
}
