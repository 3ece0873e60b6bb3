package dev.roundhouse.avro;

import dev.roundhouse.csv.GameRound;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** A quick single-thread throughput check (not a JMH benchmark): {@code mvn test -Dtest=CodecThroughputTest -Dbench=true}. */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class CodecThroughputTest {
    @Test
    void measure() throws Exception {
        var rnd = new SplittableRandom(1);
        String[] games = new String[60];
        for (int i = 0; i < games.length; i++) {
            games[i] = "Game number " + i + " of Play'n GO";
        }
        int n = 1 << 20;
        var rounds = new GameRound[n];
        for (int i = 0; i < n; i++) {
            var r = new GameRound();
            r.createdMillis = 1_700_000_000_000L + i * 1000L;
            r.gameInstanceId = 20_000 + i;
            r.userId = HexFormat.of().formatHex(new byte[] {(byte) rnd.nextInt(), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, (byte) i});
            r.gameId = rnd.nextLong(10_000, 99_999);
            r.realAmountBet = rnd.nextInt(10) == 0 ? GameRound.MISSING : rnd.nextLong(500, 500_000);
            r.bonusAmountBet = rnd.nextInt(3) == 0 ? GameRound.MISSING : rnd.nextLong(0, 10_000);
            r.realAmountWin = rnd.nextLong(0, 5_000_000);
            r.bonusAmountWin = 0;
            r.gameName = new String(games[rnd.nextInt(games.length)]); // a fresh String per row, as a CSV reader makes
            r.provider = new String(rnd.nextBoolean() ? "Play'n GO" : "NetEnt");
            rounds[i] = r;
        }
        var enc = new GameRoundEncoder(1);
        var dec = new GameRoundDecoder(id -> GameRoundSchema.schema());
        byte[][] encoded = new byte[n][];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            encoded[i] = enc.encode(rounds[i]);
            bytes += encoded[i].length;
        }
        long sink = 0;
        for (int pass = 0; pass < 8; pass++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) { // arrays not retained, as when the producer copies them into its batch
                byte[] b = enc.encode(rounds[i]);
                sink += b[b.length - 1];
            }
            long t1 = System.nanoTime();
            var into = new GameRound();
            for (int i = 0; i < n; i++) {
                dec.decode(encoded[i], into);
            }
            long t2 = System.nanoTime();
            System.out.printf("pass %d: encode %.2f M rec/s, decode %.2f M rec/s, %.1f bytes/record%n",
                    pass, n * 1e3 / (t1 - t0), n * 1e3 / (t2 - t1), (double) bytes / n);
        }
        System.out.println(sink == 42 ? "" : "done");
    }
}
