package dev.roundhouse.csv;

import static dev.roundhouse.csv.Csv.HEADER;
import static dev.roundhouse.csv.Csv.ROW;
import static dev.roundhouse.csv.Csv.bytes;
import static dev.roundhouse.csv.Csv.read;
import static dev.roundhouse.csv.Csv.readRows;
import static dev.roundhouse.csv.Csv.rowWith;
import static dev.roundhouse.csv.Csv.utf16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.PlayerId;
import dev.roundhouse.model.RowError;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoundReaderTest {
    private static final String TEXT = HEADER + "\r\n" + ROW + "\r\n";

    private static void assertSampleRow(GameRound g) {
        assertEquals(2, g.line);
        assertEquals(Instant.parse("2024-03-01T12:34:56Z").toEpochMilli(), g.createdMillis);
        assertEquals(20001, g.gameInstanceId);
        assertEquals("872de53a900f3250ae5649ea19e5c0d1", g.userId());
        assertEquals(12345, g.gameId);
        assertEquals(500, g.realAmountBet);
        assertEquals(GameRound.MISSING, g.bonusAmountBet);
        assertEquals(125000, g.realAmountWin);
        assertEquals(GameRound.MISSING, g.bonusAmountWin);
        assertEquals("Book of Dead", g.gameName);
        assertEquals("Play'n GO", g.provider);
    }

    private static void assertOneSample(Csv.Result r, Charset expected) {
        assertEquals(List.of(), r.errors());
        assertEquals(1, r.rows().size());
        assertEquals(1, r.rowsRead());
        assertEquals(expected, r.charset());
        assertSampleRow(r.rows().get(0));
    }

    @Test
    void utf16beWithoutBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_16BE)), StandardCharsets.UTF_16BE);
    }

    @Test
    void utf16beWithBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_16BE, (byte) 0xFE, (byte) 0xFF)), StandardCharsets.UTF_16BE);
    }

    @Test
    void utf16leWithoutBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_16LE)), StandardCharsets.UTF_16LE);
    }

    @Test
    void utf16leWithBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_16LE, (byte) 0xFF, (byte) 0xFE)), StandardCharsets.UTF_16LE);
    }

    @Test
    void utf8WithoutBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void utf8WithBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_8, (byte) 0xEF, (byte) 0xBB, (byte) 0xBF)), StandardCharsets.UTF_8);
    }

    @Test
    void forcedCharsetOverridesSniffingAndSkipsItsBom() {
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE), StandardCharsets.UTF_16LE);
        assertOneSample(read(bytes(TEXT, StandardCharsets.UTF_16BE, (byte) 0xFE, (byte) 0xFF), StandardCharsets.UTF_16BE),
                StandardCharsets.UTF_16BE);
        // forcing the wrong byte order makes the header unreadable
        assertThrows(CsvFormatException.class, () -> read(bytes(TEXT, StandardCharsets.UTF_16BE), StandardCharsets.UTF_16LE));
        assertThrows(CsvFormatException.class, () -> read(bytes(TEXT, StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
    }

    @Test
    void nonAsciiNamesInEveryEncoding() {
        String text = HEADER + "\n" + rowWith(8, "Gonzo’s Quest 🎰 Ünïcode") + "\n";
        for (Charset cs : List.of(StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_8)) {
            Csv.Result r = read(bytes(text, cs));
            assertEquals(List.of(), r.errors(), cs.name());
            assertEquals("Gonzo’s Quest 🎰 Ünïcode", r.rows().get(0).gameName, cs.name());
        }
    }

    @Test
    void quotedFieldsAndLineNumbers() {
        Csv.Result r = readRows(
                rowWith(8, "\"A, B\""),
                rowWith(8, "\"say \"\"hi\"\"\"").replace("20001", "20002"),
                rowWith(8, "\"two\nlines\"").replace("20001", "20003"),
                rowWith(8, "\"three\r\nlines\r\nhere\"").replace("20001", "20004"),
                rowWith(8, "\"\"").replace("20001", "20005"), // empty quoted: invalid game_name
                rowWith(1, "20006"));
        assertEquals(List.of(new RowError(9, "game_name", "empty: a value is required")), r.errors());
        assertEquals(5, r.rows().size());
        assertEquals(6, r.rowsRead());
        assertEquals("A, B", r.rows().get(0).gameName);
        assertEquals(2, r.rows().get(0).line);
        assertEquals("say \"hi\"", r.rows().get(1).gameName);
        assertEquals(3, r.rows().get(1).line);
        assertEquals("two\nlines", r.rows().get(2).gameName);
        assertEquals(4, r.rows().get(2).line);
        assertEquals("three\r\nlines\r\nhere", r.rows().get(3).gameName);
        assertEquals(6, r.rows().get(3).line);
        assertEquals(10, r.rows().get(4).line);
        assertEquals(20006, r.rows().get(4).gameInstanceId);
    }

    @Test
    void loneCrEndsALine() {
        Csv.Result r = read(utf16(HEADER + "\r" + ROW + "\r" + rowWith(1, "5") + "\r\n\r\n" + rowWith(1, "6")));
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(2L, 3L, 5L), r.rows().stream().map(g -> g.line).toList());
    }

    @Test
    void headerInAnyOrder() {
        String header = "provider,game_name,bonus_amount_win,real_amount_win,bonus_amount_bet,real_amount_bet,game_id,user_id,game_instance_id,created_timestamp";
        String row = "\"Play'n GO\",Book of Dead,NaN,12.50,,0.05,12345,872de53a900f3250ae5649ea19e5c0d1,20001,2024-03-01 12:34:56";
        Csv.Result r = read(utf16(header + "\n" + row + "\n"));
        assertEquals(List.of(), r.errors());
        assertSampleRow(r.rows().get(0));
    }

    @Test
    void quotedHeaderNamesAreAccepted() {
        Csv.Result r = read(utf16(HEADER.replace("provider", "\"provider\"") + "\n" + ROW));
        assertSampleRow(r.rows().get(0));
    }

    @Test
    void headerOnlyAndTrailingNewlines() {
        assertEquals(0, read(utf16(HEADER)).rowsRead());
        assertEquals(0, read(utf16(HEADER + "\n")).rowsRead());
        Csv.Result r = read(utf16(HEADER + "\n" + ROW)); // no trailing newline
        assertEquals(1, r.rows().size());
        r = read(utf16(HEADER + "\n" + ROW + "\n\n"));
        assertEquals(1, r.rowsRead());
        assertEquals(List.of(), r.errors());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", textBlock = """
            created_timestamp,game_instance_id,user_id,game_id,real_amount_bet,bonus_amount_bet,real_amount_win,bonus_amount_win,game_name | missing column provider
            created_timestamp,game_instance_id,user_id,game_id,real_amount_bet,bonus_amount_bet,real_amount_win,bonus_amount_win,game_name,provider,extra | unknown column "extra"
            created_timestamp,game_instance_id,user_id,game_id,real_amount_bet,bonus_amount_bet,real_amount_win,bonus_amount_win,game_name,provider,user_id | duplicate column "user_id"
            created_timestamp,game_instance_id,user_id,game_id,real_amount_bet,bonus_amount_bet,real_amount_win,bonus_amount_win,game_name, provider | unknown column " provider"
            CREATED_TIMESTAMP,game_instance_id,user_id,game_id,real_amount_bet,bonus_amount_bet,real_amount_win,bonus_amount_win,game_name,provider | unknown column "CREATED_TIMESTAMP"
            """)
    void badHeaders(String header, String expected) {
        var e = assertThrows(CsvFormatException.class, () -> read(utf16(header + "\n" + ROW + "\n")));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void emptyAndNonTextInput() throws Exception {
        assertTrue(assertThrows(CsvFormatException.class, () -> read(new byte[0])).getMessage().startsWith("empty input"));
        assertTrue(assertThrows(CsvFormatException.class, () -> read(new byte[] {(byte) 0xFE, (byte) 0xFF}))
                .getMessage().startsWith("empty input"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(utf16(TEXT));
        }
        assertTrue(assertThrows(CsvFormatException.class, () -> read(gz.toByteArray())).getMessage().contains("gzip"));
        byte[] garbage = new byte[100_000];
        new Random(7).nextBytes(garbage);
        var e = assertThrows(CsvFormatException.class, () -> read(garbage));
        assertTrue(e.getMessage().contains("not a"), e.getMessage());
        byte[] zeros = new byte[3000];
        assertTrue(assertThrows(CsvFormatException.class, () -> read(zeros)).getMessage().contains("not a"));
    }

    @Test
    void unsupportedForcedCharset() {
        var e = assertThrows(CsvFormatException.class,
                () -> RoundReader.open(new ByteArrayInputStream(utf16(TEXT)), StandardCharsets.US_ASCII));
        assertTrue(e.getMessage().contains("unsupported charset US-ASCII"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", quoteCharacter = '`', textBlock = """
            0 | 2019-02-29 10:00:00 | created_timestamp | day 29 does not exist in 2019-02
            0 | 2024-03-01 24:00:00 | created_timestamp | time of day out of range (00:00:00..23:59:59)
            0 | 2024-13-01 00:00:00 | created_timestamp | month 13 does not exist
            0 | 2024-03-01 12:34    | created_timestamp | expected YYYY-MM-DD HH:MM:SS (19 characters), got 16 characters
            0 | 2024/03/01 12:34:56 | created_timestamp | expected YYYY-MM-DD HH:MM:SS, invalid character '/' at position 5
            1 | -5                  | game_instance_id  | sign not allowed: a positive integer without sign is required
            1 | +5                  | game_instance_id  | sign not allowed: a positive integer without sign is required
            1 | 0                   | game_instance_id  | must be positive, got 0
            1 | 1e5                 | game_instance_id  | exponent not allowed: plain digits are required
            1 | `"1,000"`           | game_instance_id  | ',' not allowed: plain digits are required
            1 | 9223372036854775808 | game_instance_id  | out of range: larger than 9223372036854775807
            1 | 99999999999999999999| game_instance_id  | out of range: larger than 9223372036854775807
            1 | ` `                 | game_instance_id  | ' ' not allowed: plain digits are required
            1 | ``                  | game_instance_id  | empty: a positive integer is required
            3 | 12.5                | game_id           | '.' not allowed: plain digits are required
            2 | ``                  | user_id           | empty: a value is required
            4 | -0.05               | real_amount_bet   | sign not allowed: a non-negative amount without sign is required
            4 | +1                  | real_amount_bet   | sign not allowed: a non-negative amount without sign is required
            5 | 1e3                 | bonus_amount_bet  | exponent not allowed: use plain decimal notation like 12.50
            6 | `"1,000"`           | real_amount_win   | ',' not allowed: use '.' as decimal separator and no thousands separators
            7 | 0.00001             | bonus_amount_win  | more than 4 decimal places
            7 | 100000000000000     | bonus_amount_win  | out of range: more than 14 integer digits do not fit Decimal(18, 4)
            7 | .5                  | bonus_amount_win  | no digit before '.'
            7 | 5.                  | bonus_amount_win  | no digit after '.'
            7 | nan                 | bonus_amount_win  | invalid character 'n' in amount
            7 | 1.2.3               | bonus_amount_win  | more than one '.'
            8 | ``                  | game_name         | empty: a value is required
            9 | ``                  | provider          | empty: a value is required
            """)
    void invalidFields(int column, String value, String field, String message) {
        Csv.Result r = readRows(ROW.replace("20001", "1"), rowWith(column, value), ROW.replace("20001", "3"));
        assertEquals(List.of(new RowError(3, field, message)), r.errors());
        assertEquals(2, r.rows().size());
        assertEquals(3, r.rowsRead());
        assertEquals(4, r.rows().get(1).line);
    }

    @Test
    void aPlayerIdWithATabIsStoredAsItIsAndOnlyNulOrALoneSurrogateIsRefused() {
        Csv.Result r = readRows(rowWith(2, "\"a\tb\"").replace("20001", "1"), rowWith(2, "a\u0000b").replace("20001", "2"),
                rowWith(2, "a\ud800b").replace("20001", "3"));
        assertEquals(List.of("a\tb"), r.rows().stream().map(GameRound::userId).toList());
        assertEquals(List.of(new RowError(3, "user_id", PlayerId.problem("a\u0000b")),
                new RowError(4, "user_id", PlayerId.problem("a\ud800b"))), r.errors());
        assertEquals("NUL character at position 2 (binary data, or UTF-16 read with the wrong byte order?)", PlayerId.problem("a\u0000b"));
        assertEquals("unpaired UTF-16 surrogate at position 2", PlayerId.problem("a\ud800b"));
        assertNull(PlayerId.problem("a\tb"));
    }

    @Test
    void stringLengthLimits() {
        String u64 = "u".repeat(64), n256 = "n".repeat(256);
        Csv.Result r = readRows(rowWith(2, u64).replace("20001", "1"), rowWith(8, n256).replace("20001", "2"),
                rowWith(9, n256).replace("20001", "3"), rowWith(2, u64 + "x").replace("20001", "4"),
                rowWith(8, n256 + "x").replace("20001", "5"), rowWith(9, n256 + "x").replace("20001", "6"));
        assertEquals(List.of(new RowError(5, "user_id", "longer than 64 characters (65)"),
                new RowError(6, "game_name", "longer than 256 characters (257)"),
                new RowError(7, "provider", "longer than 256 characters (257)")), r.errors());
        assertEquals(u64, r.rows().get(0).userId());
        assertEquals(n256, r.rows().get(1).gameName);
        assertEquals(n256, r.rows().get(2).provider);
    }

    @Test
    void firstProblemInColumnOrderIsReported() {
        Csv.Result r = readRows("2024-03-01 12:34:56,x,,y,-1,,,,,");
        assertEquals(List.of(new RowError(2, "game_instance_id", "invalid character 'x': plain digits are required")), r.errors());
    }

    @Test
    void wrongFieldCount() {
        Csv.Result r = readRows(ROW + ",extra", "a,b", "just-one", ROW.replace("20001", "7"));
        assertEquals(List.of(new RowError(2, "record", "expected 10 fields, found 11"),
                new RowError(3, "record", "expected 10 fields, found 2"),
                new RowError(4, "record", "expected 10 fields, found 1")), r.errors());
        assertEquals(1, r.rows().size());
        assertEquals(4, r.rowsRead());
    }

    @Test
    void tooManyFields() {
        Csv.Result r = readRows(ROW + ",x".repeat(60), ROW);
        assertEquals(List.of(new RowError(2, "record", "more than 64 fields")), r.errors());
        assertEquals(1, r.rows().size());
    }

    @Test
    void duplicateInstanceIds() {
        Csv.Result r = readRows(ROW, rowWith(1, "20002"), rowWith(1, "20001"), rowWith(1, "20003"), rowWith(1, "20002"),
                rowWith(1, "5"), rowWith(1, "5"));
        assertEquals(List.of(new RowError(4, "game_instance_id", "duplicate game_instance_id 20001 (already in this upload)"),
                new RowError(6, "game_instance_id", "duplicate game_instance_id 20002 (already in this upload)"),
                new RowError(8, "game_instance_id", "duplicate game_instance_id 5 (already in this upload)")), r.errors());
        assertEquals(List.of(20001L, 20002L, 20003L, 5L), r.rows().stream().map(g -> g.gameInstanceId).toList());
    }

    @Test
    void invalidRowDoesNotConsumeItsId() {
        Csv.Result r = readRows(rowWith(4, "x"), ROW);
        assertEquals(1, r.errors().size());
        assertEquals(1, r.rows().size());
    }

    @Test
    void quoteErrors() {
        Csv.Result r = readRows(rowWith(8, "Play\"n GO").replace("20001", "1"), rowWith(8, "\"Play\"n GO").replace("20001", "2"),
                rowWith(1, "3"));
        assertEquals(List.of(
                new RowError(2, "game_name", "quote character inside an unquoted field (quote the whole field and double the quote)"),
                new RowError(3, "game_name", "unexpected character after the closing quote of a quoted field")), r.errors());
        assertEquals(1, r.rows().size());
        assertEquals(4, r.rows().get(0).line);
    }

    @Test
    void unterminatedQuoteAtEof() {
        Csv.Result r = read(utf16(HEADER + "\n" + ROW + "\n" + rowWith(9, "\"Play'n\nG").replace("20001", "2")));
        assertEquals(List.of(new RowError(3, "provider", "unterminated quoted field (opened on line 3) at end of input")), r.errors());
        assertEquals(1, r.rows().size());
        assertEquals(2, r.rowsRead());
    }

    @Test
    void truncatedInputMidRecord() {
        byte[] full = utf16(HEADER + "\n" + ROW + "\n" + rowWith(1, "2") + "\n");
        byte[] cut = Arrays.copyOf(full, full.length - 20); // ends inside "Play'n GO" (quoted)
        Csv.Result r = read(cut);
        assertEquals(1, r.rows().size());
        assertEquals(List.of(new RowError(3, "provider", "unterminated quoted field (opened on line 3) at end of input")), r.errors());
    }

    @Test
    void oddTrailingByte() {
        String odd = "input ends with an odd number of bytes: the last UTF-16 code unit is incomplete (truncated upload?)";
        byte[] full = utf16(HEADER + "\n" + ROW + "\n" + rowWith(9, "Pragmatic").replace("20001", "2"));
        Csv.Result r = read(Arrays.copyOf(full, full.length - 1));
        assertEquals(List.of(new RowError(3, "record", odd)), r.errors());
        assertEquals(1, r.rows().size());
        // after a complete last line
        byte[] plus = Arrays.copyOf(full, full.length + 3);
        plus[full.length + 1] = '\n';
        plus[full.length + 2] = 'x';
        r = read(plus);
        assertEquals(List.of(new RowError(4, "record", odd)), r.errors());
        assertEquals(2, r.rows().size());
        assertEquals(3, r.rowsRead());
    }

    @Test
    void nulAndUnpairedSurrogates() {
        Csv.Result r = readRows(rowWith(8, "Bo\0ok").replace("20001", "1"), rowWith(9, "Pr\uD800x").replace("20001", "2"),
                rowWith(2, "u\uDC00").replace("20001", "3"), rowWith(8, "ok \uD83C\uDFB0").replace("20001", "4"),
                rowWith(0, "2024-03-01\u000012:00:00").replace("20001", "5"));
        assertEquals(List.of(
                new RowError(2, "game_name", "NUL character at position 3 (binary data, or UTF-16 read with the wrong byte order?)"),
                new RowError(3, "provider", "unpaired UTF-16 surrogate at position 3"),
                new RowError(4, "user_id", "unpaired UTF-16 surrogate at position 2"),
                new RowError(6, "created_timestamp", "expected YYYY-MM-DD HH:MM:SS, invalid character U+0000 at position 11")), r.errors());
        assertEquals("ok 🎰", r.rows().get(0).gameName);
    }

    @Test
    void malformedUtf8() {
        byte[] text = bytes(HEADER + "\n" + rowWith(8, "Book@") + "\n", StandardCharsets.UTF_8);
        for (int i = 0; i < text.length; i++) if (text[i] == '@') text[i] = (byte) 0xC3; // lead byte without continuation
        Csv.Result r = read(text);
        assertEquals(List.of(new RowError(2, "game_name",
                "invalid encoding at position 5 (malformed UTF-8 or an unpaired UTF-16 surrogate)")), r.errors());
    }

    @Test
    void maxFieldLength() {
        Csv.Result r = readRows(rowWith(8, "g".repeat(70_000)).replace("20001", "1"),
                rowWith(8, "\"" + "q".repeat(70_000) + "\"").replace("20001", "2"), rowWith(1, "3"));
        assertEquals(List.of(new RowError(2, "game_name", "field longer than 65536 characters"),
                new RowError(3, "game_name", "field longer than 65536 characters")), r.errors());
        assertEquals(1, r.rows().size());
        assertEquals(4, r.rows().get(0).line);
    }

    @Test
    void hugeFieldIsSkippedInBoundedMemory() throws Exception {
        // a 50 M-char field (100 MB of UTF-16), streamed: never held in memory
        long chars = 50_000_000;
        byte[] head = utf16(HEADER + "\n" + "2024-03-01 12:34:56,1,u,1,1,1,1,1,\"");
        byte[] tail = utf16("\",p\n" + rowWith(1, "2") + "\n");
        InputStream in = new InputStream() {
            long p = 0;
            final long total = head.length + 2 * chars + tail.length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (p >= total) return -1;
                int n = (int) Math.min(len, total - p);
                for (int i = 0; i < n; i++, p++) {
                    if (p < head.length) b[off + i] = head[(int) p];
                    else if (p < head.length + 2 * chars) b[off + i] = (byte) ((p - head.length) % 2 == 0 ? 0 : 'z');
                    else b[off + i] = tail[(int) (p - head.length - 2 * chars)];
                }
                return n;
            }
        };
        List<RowError> errors = new ArrayList<>();
        try (RoundReader r = RoundReader.open(in, null)) {
            GameRound g = new GameRound();
            assertTrue(r.next(g, errors::add));
            assertEquals(2, g.gameInstanceId);
            assertEquals(3, g.line);
            assertEquals(false, r.next(g, errors::add));
            assertEquals(2, r.rowsRead());
            assertEquals(head.length + 2 * chars + tail.length, r.bytesRead());
        }
        assertEquals(List.of(new RowError(2, "game_name", "field longer than 65536 characters")), errors);
    }

    @Test
    void readRowsCarryTheUtf8OfTheirUserId() {
        for (String id : new String[] {"872de53a900f3250ae5649ea19e5c0d1", "a", "usér-ß", "🎰x", "abcde"}) {
            GameRound row = Csv.readRows(Csv.rowWith(2, id)).rows().getFirst();
            assertEquals(id, row.userId());
            assertArrayEquals(id.getBytes(StandardCharsets.UTF_8), row.userIdUtf8(), id);
        }
        GameRound row = Csv.readRows(Csv.rowWith(8, "\"Ünïcödé, 🎰\"")).rows().getFirst();
        assertArrayEquals("Ünïcödé, 🎰".getBytes(StandardCharsets.UTF_8), row.gameNameUtf8());
        assertArrayEquals("Play'n GO".getBytes(StandardCharsets.UTF_8), row.providerUtf8());
    }
}
