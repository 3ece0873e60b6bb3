package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
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
        assertSame(first, cache.value(cache.get(shifted, 6, A.length())));
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
        assertEquals(-1, cache.get(Csv.utf16("bad\u0000id"), 0, 6));
        assertEquals(-1, cache.get(Csv.utf16("lone\uD800"), 0, 5));
        assertEquals("ok 🎰", get(cache, "ok 🎰"));
    }

    @Test
    void eachEntryCarriesItsUtf8() {
        StringCache cache = new StringCache(16);
        for (String s : new String[] {"Play'n GO", "Gonzo's Quest, Megaways", "Ünïcödé 🎰", "a"}) {
            int e = cache.get(Csv.utf16(s), 0, s.length());
            assertEquals(s, cache.value(e));
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), cache.utf8(e));
            assertSame(cache.utf8(e), cache.utf8(cache.get(Csv.utf16(s), 0, s.length())));
        }
    }

    private static String get(StringCache cache, String s) {
        int e = cache.get(Csv.utf16(s), 0, s.length());
        return e < 0 ? null : cache.value(e);
    }
}
