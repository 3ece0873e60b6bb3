package dev.roundhouse.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * The reference peer: FastCSV parsing the same UTF-16BE bytes our reader gets, decoded through its
 * Reader path ({@code InputStreamReader(UTF_16BE)}), every field of every record touched. The score
 * is rows/s (one operation = one row).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FastCsvBenchmark {
    private byte[] data;

    @Setup
    public void setup() {
        data = BenchData.bytes();
    }

    @Benchmark
    @OperationsPerInvocation(BenchData.ROWS)
    public long fastcsv(Blackhole bh) throws IOException {
        // skip the BOM as a UTF-16BE decoder would otherwise hand it over as U+FEFF in the first header name
        int skip = data.length >= 2 && (data[0] & 0xFF) == 0xFE && (data[1] & 0xFF) == 0xFF ? 2 : 0;
        long rows = 0;
        try (var reader = CsvReader.builder().ofCsvRecord(
                new InputStreamReader(new ByteArrayInputStream(data, skip, data.length - skip), StandardCharsets.UTF_16BE))) {
            boolean header = true;
            for (CsvRecord rec : reader) {
                if (header) {
                    header = false;
                    continue;
                }
                int n = rec.getFieldCount();
                for (int i = 0; i < n; i++) {
                    bh.consume(rec.getField(i));
                }
                rows++;
            }
        }
        if (rows != BenchData.ROWS) throw new IllegalStateException("FastCSV read " + rows + " rows");
        return rows;
    }
}
