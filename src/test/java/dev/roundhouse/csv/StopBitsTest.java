package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StopBitsTest {
    /** Byte offsets of every code unit up to ',' in text, via the bitmap (the text ends with a sentinel LF). */
    private static List<Integer> marks(String text) {
        byte[] b = java.util.Arrays.copyOf(Csv.utf16(text), StopBits.bufferBytes(text.length()));
        long[] stops = new long[StopBits.words(text.length())];
        StopBits.mark(b, stops, 0, 2 * (text.length() - 1));
        List<Integer> found = new ArrayList<>();
        for (int p = 0; p < 2 * text.length(); p += 2) {
            p = StopBits.next(stops, p);
            found.add(p);
        }
        return found;
    }

    private static List<Integer> expected(String text) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) <= ',') out.add(2 * i);
        return out;
    }

    @Test
    void marksEveryCodeUnitUpToComma() {
        String row = "2024-03-01 00:00:02,20000,91fb,1.2,,\"Play'n GO\",\u012C\u2C2C\r\n";
        // also space, apostrophe and the quotes; not U+012C or U+2C2C, whose low byte is a comma
        assertEquals(List.of(20, 38, 50, 60, 68, 70, 72, 82, 86, 92, 94, 100, 102), marks(row));
        assertEquals(expected(row), marks(row));
    }

    @Test
    void findsMarksAcrossWordsAndAfterLongRuns() {
        String text = "x".repeat(200) + "," + "y".repeat(63) + "\"" + "z".repeat(64) + "\n";
        assertEquals(List.of(400, 528, 658), marks(text));
    }

    @Test
    void agreesWithAPlainScanOnRandomText() {
        Random random = new Random(7);
        String alphabet = "abc ,\"\r\n\u0000\u002C\u002D\u012C\uFF2C09";
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            int n = random.nextInt(300);
            for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String text = sb.append('\n').toString();
            assertEquals(expected(text), marks(text), text);
        }
    }

    @Test
    void remarkingFromAnOffsetUpdatesOnlyWhatChanged() {
        String text = "a".repeat(100) + "\n";
        byte[] b = java.util.Arrays.copyOf(Csv.utf16(text), StopBits.bufferBytes(300));
        long[] stops = new long[StopBits.words(300)];
        StopBits.mark(b, stops, 0, 200);
        byte[] more = Csv.utf16("b".repeat(150) + ",c\n");
        System.arraycopy(more, 0, b, 200, more.length); // the sentinel at 200 is overwritten
        StopBits.mark(b, stops, 200, 200 + more.length - 2);
        assertEquals(500, StopBits.next(stops, 0));
        assertEquals(504, StopBits.next(stops, 502));
    }
}
