package dev.roundhouse.bench;

// PENDING: compiled only with `-Pencoder` (bench/run.sh turns it on when the installed roundhouse jar holds
// dev.roundhouse.csv.CsvReader and dev.roundhouse.avro.GameRoundEncoder). The reader (branch csv) and the
// encoder (branch avro) are being written; the calls below follow issue 3's description and are marked
// TODO(api) where the names are a guess. Fix them when those branches land, then drop the profile and move
// this file to src/main/java.

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
 * The CPU hot path of an upload on the same bytes as {@link FastCsvBenchmark}: byte-level reader + validator
 * + Avro encoder with Confluent framing (0x00 + schema id + Avro binary). The bar "parse+validate+encode
 * >= 3x FastCSV" is about this figure. Scores are rows/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OurReaderEncoderBenchmark {
    private byte[] data;
    private byte[] out;

    @Setup
    public void setup() {
        data = BenchData.bytes();
        out = new byte[64 * 1024];
    }

    @Benchmark
    @OperationsPerInvocation(BenchData.ROWS)
    public long ourReaderEncoder(Blackhole bh) throws Exception {
        long rows = 0, bytes = 0;
        var round = new GameRound();
        // TODO(api): the encoder of branch avro (Confluent framing: 0x00 + schema id + Avro binary)
        var encoder = new dev.roundhouse.avro.GameRoundEncoder(1);
        // TODO(api): reader + validator entry point of branch csv
        try (var reader = dev.roundhouse.csv.CsvReader.open(new ByteArrayInputStream(data), null)) {
            while (reader.next(round)) {
                int n = encoder.encode(round, out, 0); // TODO(api): encode into a reused buffer, returns length
                bytes += n;
                rows++;
            }
        }
        bh.consume(bytes);
        if (rows != BenchData.ROWS) throw new IllegalStateException("our reader read " + rows + " rows");
        return rows;
    }
}
