package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.model.GameRound;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldParsersTest {
    private static long dec(String s) {
        return Decimals.parse(Csv.utf16(s), 0, s.length());
    }

    /** Parsed alone in its array, and followed by more text (the four-at-a-time path reads ahead). */
    private static long id(String s) {
        long alone = PositiveLongs.parse(Csv.utf16(s), 0, s.length());
        assertEquals(alone, PositiveLongs.parse(Csv.utf16(s + ",1234567,x"), 0, s.length()), s);
        assertEquals(alone, PositiveLongs.parse(Csv.utf16("x," + s + "9;;;;;;;;;;"), 4, s.length()), s);
        return alone;
    }

    @Test
    void idsOfEveryLengthUpToEightWithAnyBadCharacter() {
        for (int len = 1; len <= 9; len++) {
            String digits = "987654321".substring(0, len);
            assertEquals(Long.parseLong(digits), id(digits));
            for (int at = 0; at < len; at++) {
                for (char bad : new char[] {'/', ':', ' ', '\u0000', '\u0130', '\uFF10', '0' + 0x100}) {
                    assertEquals(PositiveLongs.INVALID, id(digits.substring(0, at) + bad + digits.substring(at + 1)));
                }
            }
        }
        assertEquals(PositiveLongs.INVALID, id("00000000"));
        assertEquals(1, id("00000001"));
        assertEquals(10000000, id("10000000"));
        assertEquals(99999999, id("99999999"));
    }

    /** Every timestamp parsed by a fresh TimestampMemo and by one that remembers the previous date. */
    private static final TimestampMemo SHARED = new TimestampMemo();

    private static long ts(String s) {
        long fresh = new TimestampMemo().parse(Csv.utf16(s + ","), 0, s.length());
        assertEquals(fresh, SHARED.parse(Csv.utf16("x," + s), 4, s.length()), s);
        assertEquals(fresh, SHARED.parse(Csv.utf16(s), 0, s.length()), s);
        return fresh;
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '`', textBlock = """
            0.05, 500
            12.50, 125000
            0.1, 1000
            0, 0
            0.0000, 0
            7, 70000
            1.2345, 12345
            007.5, 75000
            99999999999999.9999, 999999999999999999
            00000000000000099999999999999.9999, 999999999999999999
            """)
    void exactAmounts(String text, long unscaled) {
        assertEquals(unscaled, dec(text));
    }

    @Test
    void missingAmounts() {
        assertEquals(GameRound.MISSING, dec(""));
        assertEquals(GameRound.MISSING, dec("NaN"));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '`', textBlock = """
            -1
            +1
            1e3
            1E3
            `1,000`
            0.00001
            100000000000000
            .5
            5.
            nan
            NAN
            ` 1`
            `1 `
            1.2.3
            1_000
            99999999999999999999999999
            """)
    void invalidAmounts(String text) {
        assertEquals(Decimals.INVALID, dec(text));
    }

    @Test
    void amountsAgainstBigDecimal() {
        Random rnd = new Random(1);
        for (int i = 0; i < 100_000; i++) {
            long unscaled = rnd.nextInt(4) == 0 ? rnd.nextLong(1_000_000_000_000_000_000L) : rnd.nextLong(10_000_000);
            int scale = rnd.nextInt(5);
            BigDecimal v = BigDecimal.valueOf(unscaled, 4).setScale(scale, RoundingMode.DOWN);
            String s = v.toPlainString();
            assertEquals(v.movePointRight(4).longValueExact(), dec(s), s);
        }
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            1, 1
            20001, 20001
            0012, 12
            9223372036854775807, 9223372036854775807
            000000000009223372036854775807, 9223372036854775807
            """)
    void validIds(String text, long value) {
        assertEquals(value, id(text));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '`', textBlock = """
            0
            000
            -1
            +1
            1e5
            `1,000`
            1.0
            9223372036854775808
            18446744073709551617
            99999999999999999999
            ``
            ` 1`
            """)
    void invalidIds(String text) {
        assertEquals(PositiveLongs.INVALID, id(text));
    }

    @Test
    void timestampsMatchJavaTime() {
        Random rnd = new Random(42);
        DateTimeFormatter space = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
        DateTimeFormatter tee = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
        long min = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        long max = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);
        for (int i = 0; i < 200_000; i++) {
            long sec = i % 2 == 0 ? rnd.nextLong(min, max + 1) : rnd.nextLong(1_400_000_000L, 1_900_000_000L);
            LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
            assertEquals(sec * 1000, ts(t.format(space)), t.toString());
            assertEquals(sec * 1000, ts(t.format(tee)), t.toString());
        }
        assertEquals(0, ts("1970-01-01 00:00:00"));
        assertEquals(951782400000L, ts("2000-02-29 00:00:00"));
        assertEquals(Instant.parse("2024-03-01T12:34:56Z").toEpochMilli(), ts("2024-03-01T12:34:56"));
        // the same date again, with times valid and not
        assertEquals(Instant.parse("2024-03-01T23:59:59Z").toEpochMilli(), ts("2024-03-01 23:59:59"));
        assertEquals(Timestamps.INVALID, ts("2024-03-01 24:00:00"));
        assertEquals(Timestamps.INVALID, ts("2024-03-01_12:00:00"));
        assertEquals(Timestamps.INVALID, ts("2024-03-01 12:00:0x"));
        assertEquals(Instant.parse("2024-03-01T00:00:00Z").toEpochMilli(), ts("2024-03-01 00:00:00"));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '`', textBlock = """
            2019-02-29 00:00:00
            1900-02-29 00:00:00
            2024-04-31 00:00:00
            2024-00-10 00:00:00
            2024-01-00 00:00:00
            2024-01-01 24:00:00
            2024-01-01 23:60:00
            2024-01-01 23:59:60
            0000-01-01 00:00:00
            2024-01-01 00:00:00Z
            2024-01-01 00:00:00.000
            2024-01-01_00:00:00
            2024-1-01 00:00:00
            2024-01-01  0:00:00
            `2024-01-01 00:00:0 `
            ``
            """)
    void invalidTimestamps(String text) {
        assertEquals(Timestamps.INVALID, ts(text));
    }
}
