package dev.roundhouse;

import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.avro.MalformedRecordException;
import dev.roundhouse.avro.SchemaRegistryException;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.clickhouse.RowBinaryWriter;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.generate.GeneratorOptions;
import dev.roundhouse.generate.RoundsGenerator;
import dev.roundhouse.model.GameRound;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;

/**
 * Runs the read-validate-encode path over generated rows at start-up, so the JIT has compiled it before the first
 * real upload (a cold JVM uploads at 401-419 k rows/s against 669-768 k rows/s warm), and, when the sink runs, the
 * sink's decode-to-RowBinary path over the same records. Cold, that path held back the first ingest after a start:
 * its writers filled their first batches at about 220 k rows/s, and the first INSERT of the 2.1 M-row session file
 * began 1.95 s after the upload returned, against 0.33 s on a service that had ingested a file before. With this
 * warm-up the file's first rows were in ClickHouse 1.4-2.0 s after the upload returned instead of 2.6-3.3 s (three
 * alternated runs each); the time until all of them were is set by the CPU the whole ingest needs and did not move
 * beyond noise (six alternated runs: 7.2-10.8 s with, 7.3-9.6 s without). Nothing is produced or inserted. It
 * lives in the composition root so that no transport package depends on the test-data generator.
 */
final class WarmUp {
    private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());
    private static final int PASSES = 3;
    /** Rows written to the RowBinary buffer before it is reset: the size of a small INSERT. */
    private static final int ROWS_PER_BUFFER = 10_000;

    private WarmUp() {}

    /**
     * Warms the upload path, and the sink's with {@code sinkDecoder} when that is not null. A registry that
     * fails the decoder's schema lookup only leaves the sink's path cold: a warm-up never stops a start.
     */
    static void run(int rows, GameRoundEncoder encoder, GameRoundDecoder sinkDecoder) throws IOException {
        if (rows <= 0) {
            return;
        }
        byte[] csv = RoundsGenerator.toBytes(GeneratorOptions.defaults().withRows(rows));
        var round = new GameRound();
        var decoded = new GameRound();
        var rowBinary = new RowBinaryWriter();
        for (int pass = 0; pass < PASSES; pass++) {
            try (var reader = RoundReader.open(new ByteArrayInputStream(csv), null)) {
                for (long offset = 0; reader.next(round, error -> { }); offset++) {
                    byte[] record = encoder.encode(round);
                    if (sinkDecoder != null && !decodeAndWrite(sinkDecoder, record, decoded, rowBinary, offset)) {
                        sinkDecoder = null;
                    }
                }
            }
        }
    }

    private static boolean decodeAndWrite(GameRoundDecoder decoder, byte[] record, GameRound into, RowBinaryWriter out, long offset) {
        try {
            decoder.decode(record, into);
        } catch (MalformedRecordException | SchemaRegistryException e) {
            LOG.log(Level.WARNING, "sink warm-up skipped: " + e.getMessage());
            return false;
        }
        GameRoundRows.write(out, into, "warm-up", 0, offset);
        if (offset % ROWS_PER_BUFFER == 0) {
            out.reset();
        }
        return true;
    }
}
