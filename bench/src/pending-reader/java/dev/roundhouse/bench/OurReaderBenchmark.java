package dev.roundhouse.bench;

// PENDING: compiled only with `-Preader` (bench/run.sh turns it on when the installed roundhouse jar
// holds dev.roundhouse.csv.CsvReader). The reader (branch csv) is being written; the calls below follow issue 3's description and are marked TODO(api) where the names are a
// guess. Fix them when branch csv lands, then drop the profile and move this file to src/main/java.

import dev.roundhouse.csv.GameRound;
import java.io.ByteArrayInputStream;
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
 * Our hot path on the same bytes as {@link FastCsvBenchmark}: {@code ourReader} = byte-level reader +
 * validator (BOM detection, UTF-16BE decoding, numbers/timestamps parsed from the bytes, per-row errors).
 * Scores are rows/s. {@code ourReaderEncoder} (reader + validator + Avro encoder) is in
 * src/pending-encoder ({@code OurReaderEncoderBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OurReaderBenchmark {
    private byte[] data;

    @Setup
    public void setup() {
        data = BenchData.bytes();
    }

    @Benchmark
    @OperationsPerInvocation(BenchData.ROWS)
    public long ourReader(Blackhole bh) throws Exception {
        long rows = 0;
        var round = new GameRound();
        // TODO(api): reader + validator entry point of branch csv
        try (var reader = dev.roundhouse.csv.CsvReader.open(new ByteArrayInputStream(data), null)) {
            while (reader.next(round)) { // TODO(api): next(GameRound) → false at end; invalid rows reported aside
                bh.consume(round.createdMillis);
                bh.consume(round.realAmountBet);
                bh.consume(round.userId);
                rows++;
            }
        }
        if (rows != BenchData.ROWS) throw new IllegalStateException("our reader read " + rows + " rows");
        return rows;
    }
}
