package dev.roundhouse.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MoneyTest {
    @Test
    void twoToFourFractionDigits() {
        assertEquals("0.00", Money.format(0));
        assertEquals("0.30", Money.format(3000));
        assertEquals("0.05", Money.format(500));
        assertEquals("0.125", Money.format(1250));
        assertEquals("0.0001", Money.format(1));
        assertEquals("12.50", Money.format(125_000));
        assertEquals("12.3456", Money.format(123_456));
        assertEquals("100.00", Money.format(1_000_000));
        assertEquals("-0.0005", Money.format(-5));
        assertEquals("-7.10", Money.format(-71_000));
        assertEquals("99999999999999.9999", Money.format(999_999_999_999_999_999L));
        assertEquals("922337203685477.5807", Money.format(Long.MAX_VALUE));
        assertEquals("-922337203685477.5807", Money.format(Long.MIN_VALUE + 1));
    }

    @Test
    void missingIsNoAmount() {
        assertThrows(IllegalArgumentException.class, () -> Money.format(GameRound.MISSING));
        assertNull(Money.formatNullable(GameRound.MISSING));
        assertEquals("12.50", Money.formatNullable(125_000));
    }

    @Test
    void textIsExactlyTheValue() {
        var random = new SplittableRandom(3);
        char[] buf = new char[Money.MAX_CHARS];
        for (int i = 0; i < 100_000; i++) {
            long v = i % 2 == 0 ? random.nextLong(-1_000_000, 1_000_000) : random.nextLong() | 1;
            String text = new String(buf, 0, Money.format(v, buf));
            assertEquals(BigDecimal.valueOf(v, GameRound.SCALE), new BigDecimal(text).setScale(GameRound.SCALE), text);
            assertEquals(text, Money.format(v));
        }
    }
}
