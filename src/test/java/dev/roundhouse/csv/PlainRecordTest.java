package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.RowError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quick path must never change an outcome: every input is read with it and without it, and the rows,
 * their values and line numbers, and every error must be the same.
 */
class PlainRecordTest {
    private static final String NASTY = ",,,\"\"\r\n\n \t\u0000'.-:0123456789NaT_e+é€\uD800\uDC00🎰\uFEFF";

    @Test
    void takesTheUsualRecordsWithTheirExactValues() throws IOException {
        String csv = Csv.HEADER + "\n" + Csv.ROW + "\r\n"
                + "2024-03-01 12:35:00,20002,ab,7,0,0.00,1.2345,,Fire Joker,Playtech\r"
                + "2024-03-02T00:00:00,20003,cd,8,NaN,1,2,3,\"Gonzo's Quest, Megaways\",\"NetEnt\"\n";
        List<String> quick = outcome(Csv.utf16(csv), null, true);
        assertEquals(List.of(
                "row line 2: 1709296496000 20001 872de53a900f3250ae5649ea19e5c0d1 12345 500 " + GameRound.MISSING
                        + " 125000 " + GameRound.MISSING + " Book of Dead|Play'n GO",
                "row line 3: 1709296500000 20002 ab 7 0 0 12345 " + GameRound.MISSING + " Fire Joker|Playtech",
                "row line 4: 1709337600000 20003 cd 8 " + GameRound.MISSING + " 10000 20000 30000 Gonzo's Quest, Megaways|NetEnt",
                "read 3"), quick);
        assertEquals(quick, outcome(Csv.utf16(csv), null, false));
    }

    @Test
    void aGameIdsRememberedNameAndProviderNeverStandInForOtherText() throws IOException {
        String[][] texts = { // the same game id, one row each: name, provider
            {"Book of Dead", "Play'n GO"}, {"Book of Dead", "Play'n GO"}, {"Book of Dea", "Play'n GO"},
            {"Book of Deadly", "Play'n GOX"}, {"\"Book of Dead\"", "\"Play'n GO\""}, {"\"Book of Dead\"", "\"Play'n GO\""},
            {"Book of Dead", "Play'n G"}, {"Book of Dead\"", "Play'n GO"}, {"Book of Dead", "Play'n GO,"},
            {"\"Book of Dead\"\"\"", "Play'n GO"}, {"Book of Dead", "Play'n GO"}};
        var csv = new StringBuilder(Csv.HEADER + "\n");
        for (int i = 0; i < texts.length; i++) csv.append("2024-03-01 12:34:56,%d,872de53a900f3250ae5649ea19e5c0d1,7,1,2,3,4,%s,%s\n".formatted(20001 + i, texts[i][0], texts[i][1]));
        List<String> quick = outcome(Csv.utf16(csv.toString()), null, true);
        assertEquals(quick, outcome(Csv.utf16(csv.toString()), null, false));
        List<String> names = quick.stream().filter(l -> l.startsWith("row")).map(l -> l.substring(l.lastIndexOf(' ', l.indexOf('|')) + 1)).toList();
        assertEquals(List.of("Dead|Play'n GO", "Dead|Play'n GO", "Dea|Play'n GO", "Deadly|Play'n GOX", "Dead|Play'n GO", "Dead|Play'n GO",
                "Dead|Play'n G", "Dead\"|Play'n GO", "Dead|Play'n GO"), names, String.join("\n", quick));
        assertEquals(2, quick.stream().filter(l -> l.startsWith("error RowError[line=9, field=game_name")
                || l.startsWith("error RowError[line=10, field=record")).count(), String.join("\n", quick));
    }

    @Test
    void sameOutcomeWithAndWithoutItOnMutatedUploads() throws IOException {
        Random random = new Random(20240301);
        Charset[] charsets = {StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_8};
        int quickRows = 0;
        for (int round = 0; round < 1500; round++) {
            Charset cs = charsets[round % 3];
            GeneratorOptions opts = GeneratorOptions.defaults().withRows(40).withUsers(30).withGames(40).withSeed(round).withCrlf(round % 4 == 1)
                    .withCharset(StandardCharsets.UTF_16BE).withBom(false);
            String text = new String(RoundsGenerator.toBytes(opts), StandardCharsets.UTF_16BE);
            StringBuilder sb = new StringBuilder(text);
            int header = text.indexOf('\n') + 1;
            for (int m = random.nextInt(8); m > 0; m--) {
                int at = header + random.nextInt(sb.length() - header);
                String s = String.valueOf(NASTY.charAt(random.nextInt(NASTY.length())));
                switch (random.nextInt(3)) {
                    case 0 -> sb.insert(at, s);
                    case 1 -> sb.setCharAt(at, s.charAt(0));
                    default -> sb.deleteCharAt(at);
                }
            }
            byte[] input = cs.equals(StandardCharsets.UTF_16BE) ? Csv.utf16(sb.toString()) : sb.toString().getBytes(cs);
            List<String> with = outcome(input, cs, true);
            assertEquals(with, outcome(input, cs, false), "round " + round);
            assertEquals(with, outcome(new ChunkedStream(input, random.nextLong()), cs, true), "round " + round + " in chunks");
            quickRows += with.size();
        }
        assertTrue(quickRows > 1500 * 30, "mostly valid rows: " + quickRows);
    }

    /** Everything a caller sees: rows with every value, errors, and the count of records read. */
    @Test
    void sameOutcomeAcrossBufferRefills() throws IOException {
        Random random = new Random(7);
        for (int round = 0; round < 6; round++) {
            GeneratorOptions opts = GeneratorOptions.defaults().withRows(3000).withUsers(300).withSeed(round).withBom(false);
            StringBuilder sb = new StringBuilder(new String(RoundsGenerator.toBytes(opts), StandardCharsets.UTF_16BE));
            for (int m = 0; m < 60; m++) {
                sb.insert(200 + random.nextInt(sb.length() - 200), NASTY.charAt(random.nextInt(NASTY.length())));
            }
            byte[] input = Csv.utf16(sb.toString());
            List<String> with = outcome(input, null, true);
            assertEquals(with, outcome(input, null, false), "round " + round);
            assertEquals(with, outcome(new ChunkedStream(input, round), null, true), "round " + round + " in chunks");
        }
    }

    /** Hands the bytes out in small random pieces, so records often straddle the end of what is buffered. */
    private static final class ChunkedStream extends ByteArrayInputStream {
        private final Random random;

        ChunkedStream(byte[] bytes, long seed) {
            super(bytes);
            random = new Random(seed);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(300)));
        }
    }

    private static List<String> outcome(byte[] input, Charset cs, boolean quick) throws IOException {
        return outcome(new ByteArrayInputStream(input), cs, quick);
    }

    private static List<String> outcome(InputStream in, Charset cs, boolean quick) throws IOException {
        List<String> out = new ArrayList<>();
        try (RoundReader r = quick ? RoundReader.open(in, cs) : RoundReader.openWithoutQuickPath(in, cs)) {
            GameRound g = new GameRound();
            while (r.next(g, e -> out.add("error " + e))) {
                out.add("row line " + g.line + ": " + g.createdMillis + " " + g.gameInstanceId + " " + g.userId() + " " + g.gameId
                        + " " + g.realAmountBet + " " + g.bonusAmountBet + " " + g.realAmountWin + " " + g.bonusAmountWin
                        + " " + g.gameName + "|" + g.provider);
                assertEquals(List.of(g.userId(), g.gameName, g.provider),
                        List.of(new String(g.userIdUtf8(), StandardCharsets.UTF_8), new String(g.gameNameUtf8(), StandardCharsets.UTF_8),
                                new String(g.providerUtf8(), StandardCharsets.UTF_8)));
            }
            out.add("read " + r.rowsRead());
        }
        return out;
    }
}
