package dev.roundhouse.csv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Rough single-core throughput of RoundReader on generated data like the real file (not a test):
 * {@code java -cp target/classes:target/test-classes dev.roundhouse.csv.SpeedCheck [rows]}.
 */
public final class SpeedCheck {
    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_100_000;
        byte[] data = generate(rows);
        System.out.printf("%d rows, %.1f MB UTF-16BE%n", rows, data.length / 1e6);
        for (int round = 0; round < 6; round++) {
            long t0 = System.nanoTime();
            long n = 0, sum = 0;
            try (RoundReader r = RoundReader.open(new ByteArrayInputStream(data), null)) {
                GameRound g = new GameRound();
                while (r.next(g, e -> { throw new AssertionError(e.toString()); })) {
                    n++;
                    sum += g.gameInstanceId + g.realAmountWin + g.userId.length();
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%d rows in %.3f s: %.2f M rows/s, %.0f MB/s (%d)%n", n, s, n / s / 1e6, data.length / s / 1e6, sum);
        }
    }

    static byte[] generate(int rows) {
        Random rnd = new Random(1);
        String[] users = new String[Integer.getInteger("users", 50_000)];
        for (int i = 0; i < users.length; i++) users[i] = String.format("%016x%016x", rnd.nextLong(), rnd.nextLong());
        String[] games = {"Book of Dead", "\"Play'n GO\"", "Starburst", "\"Gonzo's Quest, Megaways\"", "Sweet Bonanza", "Big Bass Bonanza"};
        String[] providers = {"\"Play'n GO\"", "NetEnt", "Pragmatic Play", "Evolution"};
        String[] amounts = {"0.05", "0.1", "12.50", "1", "", "NaN", "0.2", "2.5", "100", "0.0"};
        StringBuilder sb = new StringBuilder(rows * 100).append(Csv.HEADER).append("\r\n");
        long t = 1_700_000_000L;
        for (int i = 0; i < rows; i++) {
            t += rnd.nextInt(3);
            java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t, 0, java.time.ZoneOffset.UTC);
            sb.append(d.toLocalDate()).append(' ');
            int h = d.getHour(), m = d.getMinute(), s = d.getSecond();
            sb.append(h < 10 ? "0" : "").append(h).append(m < 10 ? ":0" : ":").append(m).append(s < 10 ? ":0" : ":").append(s);
            sb.append(',').append(20_000 + i).append(',').append(users[rnd.nextInt(users.length)]).append(',')
                    .append(10_000 + rnd.nextInt(900)).append(',');
            for (int a = 0; a < 4; a++) sb.append(amounts[rnd.nextInt(amounts.length)]).append(',');
            sb.append(games[rnd.nextInt(games.length)]).append(',').append(providers[rnd.nextInt(providers.length)]).append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(sb.length() * 2);
        out.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_16BE));
        return out.toByteArray();
    }
}
