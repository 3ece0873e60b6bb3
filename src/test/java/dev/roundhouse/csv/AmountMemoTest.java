package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.model.GameRound;
import org.junit.jupiter.api.Test;

class AmountMemoTest {
    private final AmountMemo memo = new AmountMemo();

    /** The field between other text, with room for its four-code-unit key (as the tokenizer's buffer has). */
    private long parse(String field, String after) {
        byte[] b = Csv.utf16("x," + field + after + "....");
        return memo.parse(b, 4, field.length());
    }

    @Test
    void hitsAndMissesGiveTheParsedValue() {
        for (int pass = 0; pass < 3; pass++) {
            assertEquals(0, parse("0", ",1.25"));
            assertEquals(12500, parse("1.25", ",0"));
            assertEquals(500, parse("0.05", ""));
            assertEquals(3000, parse("0.3", ",12"));
            assertEquals(1_000_000, parse("100", "5,"));
            assertEquals(125000, parse("12.50", ",")); // five code units: not remembered
            assertEquals(GameRound.MISSING, parse("NaN", ","));
            assertEquals(GameRound.MISSING, parse("", "0.05"));
        }
    }

    @Test
    void theLengthIsPartOfTheKey() {
        assertEquals(10000, parse("1", "2"));
        assertEquals(120000, parse("12", ""));
        assertEquals(10000, parse("1", "2.5"));
        assertEquals(Decimals.INVALID, parse("1\u0000", ""));
        assertEquals(10000, parse("1", "\u0000"));
    }

    @Test
    void aFieldAtTheVeryEndOfItsArrayIsParsedWithoutTheMemo() {
        assertEquals(500, memo.parse(Csv.utf16("0.05"), 0, 4));
        assertEquals(10000, memo.parse(Csv.utf16("x,1"), 4, 1));
    }

    @Test
    void invalidAmountsAreNeverRemembered() {
        for (int pass = 0; pass < 2; pass++) {
            assertEquals(Decimals.INVALID, parse("1.", ","));
            assertEquals(Decimals.INVALID, parse("-1", ","));
            assertEquals(Decimals.INVALID, parse("1e3", ","));
        }
    }

    @Test
    void agreesWithDecimalsOnEveryShortValue() {
        String alphabet = "0123456789.N";
        for (int a = 0; a < alphabet.length(); a++) {
            for (int b = 0; b < alphabet.length(); b++) {
                for (int c = 0; c < alphabet.length(); c++) {
                    String s = "" + alphabet.charAt(a) + alphabet.charAt(b) + alphabet.charAt(c);
                    for (String v : new String[] {s, s + "5", s.substring(1)}) {
                        byte[] bytes = Csv.utf16(v);
                        long expected = Decimals.parse(bytes, 0, v.length());
                        assertEquals(expected, parse(v, ",9"), v);
                        assertEquals(expected, parse(v, ",9"), v); // a second time: a hit if remembered
                    }
                }
            }
        }
    }
}
