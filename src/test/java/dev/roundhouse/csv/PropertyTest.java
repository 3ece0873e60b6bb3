package dev.roundhouse.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roundhouse.model.GameRound;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/** Random valid rows written as UTF-16BE CSV with random quoting and line ends read back exactly. */
class PropertyTest {
    private static final String NAME_CHARS = "abcXYZ 09'-,\"\n\r.:;()&ü’🎰";

    @RepeatedTest(20)
    void roundTrip(RepetitionInfo info) throws Exception {
        Random rnd = new Random(info.getCurrentRepetition() * 7919L);
        int n = 1 + rnd.nextInt(3000);
        List<GameRound> expected = new ArrayList<>();
        StringBuilder sb = new StringBuilder(Csv.HEADER).append(eol(rnd));
        long line = 2;
        long id = 1L + rnd.nextInt(100_000);
        for (int i = 0; i < n; i++) {
            GameRound g = new GameRound();
            g.line = line;
            long sec = rnd.nextLong(-2_000_000_000L, 4_000_000_000L);
            g.createdMillis = sec * 1000;
            g.gameInstanceId = id;
            id += 1 + (rnd.nextInt(20) == 0 ? rnd.nextInt(100) : 0);
            g.userId(rnd.nextInt(3) == 0 ? text(rnd, 1, 64) : hex(rnd));
            g.gameId = 1 + rnd.nextLong(rnd.nextBoolean() ? 100_000 : Long.MAX_VALUE);
            g.realAmountBet = amount(rnd);
            g.bonusAmountBet = amount(rnd);
            g.realAmountWin = amount(rnd);
            g.bonusAmountWin = amount(rnd);
            g.gameName = text(rnd, 1, 256);
            g.provider = text(rnd, 1, 40);
            expected.add(g);
            String ts = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC).toString().replace('T', rnd.nextBoolean() ? 'T' : ' ');
            if (ts.length() == 16) ts += ":00"; // LocalDateTime omits zero seconds
            String[] f = {ts, Long.toString(g.gameInstanceId), g.userId(), Long.toString(g.gameId), amountText(rnd, g.realAmountBet),
                amountText(rnd, g.bonusAmountBet), amountText(rnd, g.realAmountWin), amountText(rnd, g.bonusAmountWin), g.gameName,
                g.provider};
            for (int c = 0; c < f.length; c++) {
                if (c > 0) sb.append(',');
                String v = f[c];
                boolean mustQuote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
                if (mustQuote || rnd.nextInt(4) == 0) {
                    sb.append('"').append(v.replace("\"", "\"\"")).append('"');
                    line += lines(v);
                } else {
                    sb.append(v);
                }
            }
            String e = eol(rnd);
            line++;
            if (i < n - 1 || rnd.nextBoolean()) sb.append(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (rnd.nextBoolean()) out.write(new byte[] {(byte) 0xFE, (byte) 0xFF});
        out.write(sb.toString().getBytes(StandardCharsets.UTF_16BE));
        Csv.Result r = Csv.read(out.toByteArray());
        assertEquals(List.of(), r.errors());
        assertEquals(n, r.rowsRead());
        assertEquals(n, r.rows().size());
        for (int i = 0; i < n; i++) {
            GameRound a = expected.get(i), b = r.rows().get(i);
            String at = "row " + i;
            assertEquals(a.line, b.line, at);
            assertEquals(a.createdMillis, b.createdMillis, at);
            assertEquals(a.gameInstanceId, b.gameInstanceId, at);
            assertEquals(a.userId(), b.userId(), at);
            assertEquals(a.gameId, b.gameId, at);
            assertEquals(a.realAmountBet, b.realAmountBet, at);
            assertEquals(a.bonusAmountBet, b.bonusAmountBet, at);
            assertEquals(a.realAmountWin, b.realAmountWin, at);
            assertEquals(a.bonusAmountWin, b.bonusAmountWin, at);
            assertEquals(a.gameName, b.gameName, at);
            assertEquals(a.provider, b.provider, at);
        }
    }

    private static String eol(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> "\r\n";
            case 1 -> "\r";
            default -> "\n";
        };
    }

    /** Physical line breaks in a value: CRLF, CR and LF count once each. */
    private static int lines(String v) {
        int n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r') n++;
            else if (c == '\n' && (i == 0 || v.charAt(i - 1) != '\r')) n++;
        }
        return n;
    }

    private static String hex(Random rnd) {
        return String.format("%016x%016x", rnd.nextLong(), rnd.nextLong());
    }

    private static String text(Random rnd, int min, int max) {
        int len = min + rnd.nextInt(Math.min(max, 30) - min + 1);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < len) {
            int i = rnd.nextInt(NAME_CHARS.length());
            char c = NAME_CHARS.charAt(i);
            if (Character.isSurrogate(c)) {
                if (sb.length() + 2 > max) continue;
                sb.append(NAME_CHARS, Character.isHighSurrogate(c) ? i : i - 1, (Character.isHighSurrogate(c) ? i : i - 1) + 2);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static long amount(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> GameRound.MISSING;
            case 1 -> rnd.nextLong(1_000_000_000_000_000_000L);
            default -> rnd.nextLong(10_000_000);
        };
    }

    private static String amountText(Random rnd, long unscaled) {
        if (unscaled == GameRound.MISSING) return rnd.nextBoolean() ? "" : "NaN";
        String s = BigDecimal.valueOf(unscaled, 4).stripTrailingZeros().toPlainString();
        if (rnd.nextBoolean()) s = BigDecimal.valueOf(unscaled, 4).toPlainString(); // keep trailing zeros
        return s;
    }
}
