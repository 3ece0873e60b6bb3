package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeenIdsTest {
    @Test
    void sequentialIdsWithGapsAndRepeats() {
        SeenIds s = new SeenIds();
        for (long id = 20_000; id < 30_000; id++) assertTrue(s.add(id));
        for (long id = 40_000; id < 50_000; id++) assertTrue(s.add(id));
        assertFalse(s.add(20_000));
        assertFalse(s.add(29_999));
        assertFalse(s.add(45_000));
        assertTrue(s.add(30_000)); // out of order, in a gap
        assertFalse(s.add(30_000));
        assertTrue(s.add(5));
        assertFalse(s.add(5));
        assertTrue(s.add(50_000));
        assertEquals(20_003, s.size());
    }

    @Test
    void matchesHashSetOnMixedOrder() {
        Random rnd = new Random(3);
        SeenIds s = new SeenIds();
        Set<Long> ref = new HashSet<>();
        long next = 1000;
        for (int i = 0; i < 3_000_000; i++) {
            long id = switch (rnd.nextInt(10)) {
                case 0 -> 1 + rnd.nextInt(5_000_000); // anywhere, often a repeat
                case 1 -> next + rnd.nextInt(50); // a jump ahead
                case 2 -> Math.max(1, next - rnd.nextInt(1000)); // recent repeat
                default -> next;
            };
            next = Math.max(next, id + 1);
            assertEquals(ref.add(id), s.add(id), "id " + id);
        }
        assertEquals(ref.size(), s.size());
    }

    @Test
    void descendingIdsCollapseOnMerge() {
        SeenIds s = new SeenIds();
        assertTrue(s.add(10_000_000));
        for (long id = 9_999_999; id > 7_000_000; id--) assertTrue(s.add(id));
        for (long id = 7_000_001; id <= 10_000_000; id += 997) assertFalse(s.add(id));
        assertTrue(s.add(10_000_001));
    }

    @Test
    void tenMillionSequentialIdsFitInAFewBytes() {
        Runtime rt = Runtime.getRuntime();
        SeenIds s = new SeenIds();
        for (long id = 20_000; id < 10_020_000; id++) {
            if (!s.add(id)) throw new AssertionError(id);
            if (id % 1000 == 0) id += 3; // a gap now and then
        }
        assertFalse(s.add(20_000));
        assertTrue(rt.totalMemory() > 0); // (memory: one range per gap, 16 bytes each)
    }
}
