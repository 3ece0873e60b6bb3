package dev.roundhouse.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RoundsGeneratorTest {
    private static final GeneratorOptions SMALL = GeneratorOptions.defaults().withRows(20_000).withSeed(7);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Test
    void aFileIsReplacedWholeAndALinkIsWrittenThrough(@TempDir Path dir) throws Exception {
        var opts = GeneratorOptions.defaults().withRows(50);
        byte[] expected = RoundsGenerator.toBytes(opts);
        Path file = dir.resolve("rounds.csv");
        Files.writeString(file, "old");
        RoundsGenerator.writeFile(file, opts);
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertFalse(Files.exists(dir.resolve("rounds.csv.tmp")));

        Path target = dir.resolve("target.csv");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target); // like /dev/stdout -> /proc/self/fd/1
        RoundsGenerator.writeFile(link, opts);
        assertTrue(Files.isSymbolicLink(link), "the link must survive");
        assertArrayEquals(expected, Files.readAllBytes(target));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void sameSeedSameBytes_otherSeedOtherBytes(Profile profile) throws Exception {
        var opts = SMALL.withProfile(profile);
        String a = sha256(RoundsGenerator.toBytes(opts));
        String b = sha256(RoundsGenerator.toBytes(opts));
        String c = sha256(RoundsGenerator.toBytes(opts.withSeed(8)));
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void sessionsByDefault_independentRowsByteForByteAsBeforeSessionsExisted() throws Exception {
        assertEquals(Profile.SESSION, GeneratorOptions.defaults().profile());
        assertEquals(Profile.INDEPENDENT, Profile.of("independent"));
        // the digest of the generator's only output before profiles existed (commit bf065ad)
        assertEquals("603cba1ea30c085991f397fb33b6fc32d8d02723d4f9d5c1c1818ce9779dcc9d",
                sha256(RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(20_000).withProfile(Profile.INDEPENDENT))));
    }

    /**
     * 100,000 session rows over the default six weeks: one hourly group per ~85 rows where independent rows
     * give one per ~1.1; a player's rounds on a game come 3–12 s apart (whole seconds: 2–12) inside a session;
     * sessions last minutes, some hours; the evening is busier than the morning.
     */
    @Test
    void sessionsAreRunsOfOneGameEveryFewSeconds_withADailyCycle() {
        var opts = GeneratorOptions.defaults().withRows(100_000);
        List<List<String>> rows = dataRows(opts);
        double sessionGroups = groupsPerRow(rows);
        double independentGroups = groupsPerRow(dataRows(opts.withProfile(Profile.INDEPENDENT)));
        assertTrue(sessionGroups < 0.02, "session groups per row " + sessionGroups);
        assertTrue(independentGroups > 0.8, "independent groups per row " + independentGroups);

        Map<String, Long> lastSecond = new HashMap<>();
        Map<String, Long> sessionStart = new HashMap<>();
        List<Long> sessionSeconds = new ArrayList<>();
        long inSessionGaps = 0, gaps = 0;
        long[] byHour = new long[24];
        for (List<String> r : rows) {
            LocalDateTime t = LocalDateTime.parse(r.get(0), TS);
            byHour[t.getHour()]++;
            long second = t.toEpochSecond(ZoneOffset.UTC);
            String key = r.get(2) + "|" + r.get(3);
            Long previous = lastSecond.put(key, second);
            if (previous == null) {
                sessionStart.put(key, second);
                continue;
            }
            long gap = second - previous;
            gaps++;
            if (gap >= 2 && gap <= 12) {
                inSessionGaps++;
            } else if (gap > 12) {
                sessionSeconds.add(previous - sessionStart.put(key, second));
            }
        }
        // overlapping sessions of one player on one game are the only source of shorter gaps
        assertTrue(inSessionGaps > 0.97 * gaps, inSessionGaps + " of " + gaps + " gaps in 2..12 s");
        long[] lengths = sessionSeconds.stream().mapToLong(Long::longValue).sorted().toArray();
        long median = lengths[lengths.length / 2];
        assertTrue(median >= 120 && median <= 900, "median session " + median + " s");
        assertTrue(lengths[lengths.length - 1] > 3600, "longest session " + lengths[lengths.length - 1] + " s");
        long evening = byHour[19] + byHour[20] + byHour[21] + byHour[22];
        long morning = byHour[7] + byHour[8] + byHour[9] + byHour[10];
        assertTrue(evening > 2.5 * morning, "19-23 h " + evening + " rows, 07-11 h " + morning);
    }

    @Test
    void utf16BeWithBomByDefault_andHeaderFirst() {
        byte[] bytes = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(3));
        assertEquals((byte) 0xFE, bytes[0]);
        assertEquals((byte) 0xFF, bytes[1]);
        String text = new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        assertTrue(text.startsWith(RoundsGenerator.HEADER + "\n"), text);
        assertEquals(2_101_934L, GeneratorOptions.defaults().rows());
    }

    @Test
    void charsetsAndBomsCarryTheSameText() {
        String be = new String(RoundsGenerator.toBytes(SMALL.withBom(false)), StandardCharsets.UTF_16BE);
        byte[] le = RoundsGenerator.toBytes(SMALL.withCharset(StandardCharsets.UTF_16LE));
        byte[] u8 = RoundsGenerator.toBytes(SMALL.withCharset(StandardCharsets.UTF_8));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFE}, new byte[] {le[0], le[1]});
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {u8[0], u8[1], u8[2]});
        assertEquals(be, new String(le, 2, le.length - 2, StandardCharsets.UTF_16LE));
        assertEquals(be, new String(u8, 3, u8.length - 3, StandardCharsets.UTF_8));
        assertFalse(new String(RoundsGenerator.toBytes(SMALL.withCrlf(true)), StandardCharsets.UTF_16BE)
                .replace("\r\n", "\n").contains("\r"));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void rowsParseBackWithAnIndependentRfc4180Reader(Profile profile) {
        var opts = SMALL.withProfile(profile);
        String text = new String(RoundsGenerator.toBytes(opts.withBom(false)), StandardCharsets.UTF_16BE);
        List<List<String>> records = parse(text);
        assertEquals(opts.rows() + 1, records.size());
        assertEquals(List.of(RoundsGenerator.HEADER.split(",")), records.get(0));

        var ts = TS;
        Pattern hex32 = Pattern.compile("[0-9a-f]{32}");
        Pattern amount = Pattern.compile("|NaN|\\d+(\\.\\d{1,2})?");
        Map<String, String> gameToNameProvider = new HashMap<>();
        Map<String, Integer> perUser = new HashMap<>();
        var names = new HashSet<String>();
        LocalDateTime previous = null;
        int empty = 0, nan = 0, twoDecimals = 0;
        for (int i = 1; i < records.size(); i++) {
            List<String> r = records.get(i);
            assertEquals(10, r.size(), "record " + i + ": " + r);
            LocalDateTime t = LocalDateTime.parse(r.get(0), ts);
            if (previous != null) assertFalse(t.isBefore(previous), "timestamps go backwards at record " + i);
            previous = t;
            assertEquals(20_000L + i - 1, Long.parseLong(r.get(1)));
            assertTrue(hex32.matcher(r.get(2)).matches(), r.get(2));
            perUser.merge(r.get(2), 1, Integer::sum);
            assertTrue(r.get(3).matches("[1-9]\\d{4}"), r.get(3));
            for (int k = 4; k < 8; k++) {
                String a = r.get(k);
                assertTrue(amount.matcher(a).matches(), a);
                if (a.isEmpty()) empty++;
                else if (a.equals("NaN")) nan++;
                else {
                    assertTrue(new BigDecimal(a).signum() >= 0);
                    if (a.matches("\\d+\\.\\d\\d")) twoDecimals++;
                }
            }
            String np = r.get(8) + "|" + r.get(9);
            String before = gameToNameProvider.putIfAbsent(r.get(3), np);
            if (before != null) assertEquals(before, np, "game " + r.get(3) + " changed its name or provider");
            names.add(r.get(8));
            names.add(r.get(9));
        }
        assertTrue(empty > 0 && nan > 0 && twoDecimals > 0, "empty " + empty + ", NaN " + nan + ", x.yz " + twoDecimals);
        assertTrue(names.contains("Play'n GO"), "apostrophe provider");
        assertTrue(names.stream().anyMatch(n -> n.contains(",") && n.contains(" ")), "a name with a comma");
        assertTrue(names.stream().anyMatch(n -> n.contains("\"")), "a name with a quote");
        assertTrue(text.contains("\"Play'n GO\""), "apostrophes are quoted");
        // sessions: ~200 of them at 20,000 rows, so fewer games and a milder skew than independent rows
        boolean sessions = profile == Profile.SESSION;
        assertTrue(gameToNameProvider.size() > (sessions ? 30 : 100), "games " + gameToNameProvider.size());
        // skew: the heaviest player has far more rounds than the median one
        int max = perUser.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int[] sorted = perUser.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        assertTrue(max > (sessions ? 10 : 50) * sorted[sorted.length / 2], "max " + max + ", median " + sorted[sorted.length / 2]);
        // several weeks
        LocalDateTime first = LocalDateTime.parse(records.get(1).get(0), ts);
        assertTrue(Duration.between(first, previous).toDays() >= 35);
    }

    private static List<List<String>> dataRows(GeneratorOptions opts) {
        List<List<String>> records = parse(new String(RoundsGenerator.toBytes(opts.withBom(false)), StandardCharsets.UTF_16BE));
        return records.subList(1, records.size());
    }

    /** Distinct (hour, user_id, game_id) ÷ rows: what the hourly views must aggregate. */
    private static double groupsPerRow(List<List<String>> rows) {
        var groups = new HashSet<String>();
        for (List<String> r : rows) groups.add(r.get(0).substring(0, 13) + "|" + r.get(2) + "|" + r.get(3));
        return (double) groups.size() / rows.size();
    }

    /** A plain RFC 4180 reader written for this test: quoted fields, "" escapes, LF or CRLF. */
    private static List<List<String>> parse(String s) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        var f = new StringBuilder();
        boolean quoted = false;
        int i = 0, n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && s.charAt(i + 1) == '"') {
                        f.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    f.append(c);
                }
                i++;
            } else if (c == '"' && f.isEmpty()) {
                quoted = true;
                i++;
            } else if (c == ',') {
                rec.add(f.toString());
                f.setLength(0);
                i++;
            } else if (c == '\r' || c == '\n') {
                rec.add(f.toString());
                f.setLength(0);
                out.add(rec);
                rec = new ArrayList<>();
                i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
            } else {
                f.append(c);
                i++;
            }
        }
        if (!f.isEmpty() || !rec.isEmpty()) {
            rec.add(f.toString());
            out.add(rec);
        }
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
