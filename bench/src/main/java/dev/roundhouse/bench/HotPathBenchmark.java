package dev.roundhouse.bench;

import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.model.GameRound;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Our hot path on the same bytes as {@link FastCsvBenchmark} (scores are rows/s):
 * {@code ourReader} = byte-level reader + validator (BOM detection, UTF-16 decoding, numbers and timestamps
 * parsed from the code units, per-row errors); {@code ourReaderEncoder} = that plus the Confluent-framed
 * Avro encoding each row gets before it is handed to Kafka; {@code ourEncoder} = that encoding alone, on
 * the rows read once in setup, so the three scores split the hot path into its two halves.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmark {
    private byte[] data;
    private GameRound[] rounds;
    private final GameRoundEncoder encoder = new GameRoundEncoder(1);

    @Setup
    public void setup() {
        data = BenchData.bytes();
        List<GameRound> read = new ArrayList<>(BenchData.ROWS);
        try (var reader = RoundReader.open(new ByteArrayInputStream(data), null)) {
            var round = new GameRound();
            while (reader.next(round, error -> {})) read.add(round.copy());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rounds = read.toArray(GameRound[]::new);
        check(rounds.length);
    }

    @Benchmark
    @OperationsPerInvocation(BenchData.ROWS)
    public long ourReader(Blackhole bh) throws IOException {
        var round = new GameRound();
        long rows = 0;
        try (var reader = RoundReader.open(new ByteArrayInputStream(data), null)) {
            while (reader.next(round, bh::consume)) {
                bh.consume(round.createdMillis);
                bh.consume(round.realAmountBet);
                bh.consume(round.userIdUtf8());
                rows++;
            }
        }
        return check(rows);
    }

    @Benchmark
    @OperationsPerInvocation(BenchData.ROWS)
    public long ourReaderEncoder(Blackhole bh) throws IOException {
        var round = new GameRound();
        long rows = 0;
        try (var reader = RoundReader.open(new ByteArrayInputStream(data), null)) {
            while (reader.next(round, bh::consume)) {
                bh.consume(encoder.encode(round));
                rows++;
            }
        }
        return check(rows);
    }

    @Benchmark
    @OperationsPerInvocation(BenchData.ROWS)
    public void ourEncoder(Blackhole bh) {
        for (GameRound round : rounds) {
            bh.consume(encoder.encode(round));
        }
    }

    private static long check(long rows) {
        if (rows != BenchData.ROWS) {
            throw new IllegalStateException("our reader accepted " + rows + " of " + BenchData.ROWS + " rows");
        }
        return rows;
    }
}
