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

class RoundsGeneratorTest {
    private static final GeneratorOptions SMALL = GeneratorOptions.defaults().withRows(20_000).withSeed(7);

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

    @Test
    void sameSeedSameBytes_otherSeedOtherBytes() throws Exception {
        String a = sha256(RoundsGenerator.toBytes(SMALL));
        String b = sha256(RoundsGenerator.toBytes(SMALL));
        String c = sha256(RoundsGenerator.toBytes(SMALL.withSeed(8)));
        assertEquals(a, b);
        assertNotEquals(a, c);
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

    @Test
    void rowsParseBackWithAnIndependentRfc4180Reader() {
        String text = new String(RoundsGenerator.toBytes(SMALL.withBom(false)), StandardCharsets.UTF_16BE);
        List<List<String>> records = parse(text);
        assertEquals(SMALL.rows() + 1, records.size());
        assertEquals(List.of(RoundsGenerator.HEADER.split(",")), records.get(0));

        var ts = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
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
        assertTrue(gameToNameProvider.size() > 100, "games " + gameToNameProvider.size());
        // skew: the heaviest player has far more rounds than the median one
        int max = perUser.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        int[] sorted = perUser.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        assertTrue(max > 50 * sorted[sorted.length / 2], "max " + max + ", median " + sorted[sorted.length / 2]);
        // several weeks
        LocalDateTime first = LocalDateTime.parse(records.get(1).get(0), ts);
        assertTrue(Duration.between(first, previous).toDays() >= 35);
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
