package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Utf16BeTest {
    @Test
    void unitsAreBigEndianPairs() {
        byte[] b = Csv.utf16("a\u00E9\uD83C\uDFB0");
        assertEquals('a', Utf16Be.unit(b, 0));
        assertEquals('\u00E9', Utf16Be.unit(b, 2));
        assertEquals('\uDFB0', Utf16Be.unit(b, 6));
        Utf16Be.put(b, 2, '\u20AC');
        assertArrayEquals(new byte[] {0, 'a', 0x20, (byte) 0xAC}, Arrays.copyOf(b, 4));
        assertEquals("a\u20AC\uD83C\uDFB0", Utf16Be.string(b, 0, 4));
        assertEquals("\u20AC\uD83C", Utf16Be.string(b, 2, 2));
    }

    @Test
    void plainAsciiIsTheBytesOfPrintableAsciiOnly() {
        for (String s : new String[] {"", "a", "abc", "abcd", "872de53a900f3250ae5649ea19e5c0d1", "x y~\u007F!"}) {
            assertArrayEquals(s.getBytes(StandardCharsets.US_ASCII), Utf16Be.plainAscii(Csv.utf16("," + s + ","), 2, s.length()), s);
        }
        for (String s : new String[] {"\u0000", "abcd\u0000", "abc\u0080", "\u00E9abcdefg", "abcdefg\u0100", "\uD83C\uDFB0", "abcd\u4100"}) {
            assertEquals(null, Utf16Be.plainAscii(Csv.utf16(s), 0, s.length()), s);
        }
    }

    @Test
    void fourPutsTheFirstUnitOnTop() {
        assertEquals(0x0031_0032_FFFF_0000L, Utf16Be.four(Csv.utf16("12\uFFFF\u0000"), 0));
    }

    @Test
    void belowTestsEveryLaneExactly() {
        // no borrow between lanes: a lane just below n next to lanes far above and exactly at n
        long x = Utf16Be.four(Csv.utf16(",-\uFFFF\u8000"), 0);
        assertEquals(0x8000_0000_0000_0000L, Utf16Be.below(x, 0x2D));
        assertEquals(0x8000_8000_0000_0000L, Utf16Be.below(x, 0x2E));
        assertEquals(0L, Utf16Be.below(x, 0x2C));
        assertEquals(0x0000_0000_0000_8000L, Utf16Be.below(Utf16Be.four(Csv.utf16("abc\u0000"), 0), 1));
        assertEquals(0x8000_8000_8000_8000L, Utf16Be.below(0L, 0x8000));
        assertEquals(0L, Utf16Be.below(0x8000_8000_8000_8000L, 0x8000));
    }

    @Test
    void equalAndFirstMatch() {
        long x = Utf16Be.four(Csv.utf16("a\u012C,,"), 0); // U+012C has a comma as its low byte
        long commas = Utf16Be.equal(x, ',');
        assertEquals(0x0000_0000_8000_8000L, commas);
        assertEquals(4, Utf16Be.firstMatch(commas));
        assertEquals(0, Utf16Be.firstMatch(Utf16Be.equal(x, 'a')));
        assertEquals(2, Utf16Be.firstMatch(Utf16Be.equal(x, '\u012C')));
        assertEquals(6, Utf16Be.firstMatch(Utf16Be.below(Utf16Be.four(Csv.utf16("abc\n"), 0), ',' + 1)));
    }
}
