package dev.roundhouse.sink;

import java.time.Duration;

/**
 * How the sink batches and retries.
 *
 * @param batchRows   rows per INSERT at most; well below ClickHouse's max_insert_block_size (1,048,576) so
 *                    one INSERT is one block, written all or nothing
 * @param batchBytes  RowBinary bytes per INSERT at most: every partition's writer holds one batch, so on a
 *                    small heap this, not batchRows, bounds the sink's memory
 * @param batchAge    a batch older than this is inserted even when small (latency for small uploads)
 * @param firstRetry  first back-off delay after a failed INSERT, doubled per failure …
 * @param maxRetry    … up to this
 */
public record SinkTuning(int batchRows, int batchBytes, Duration batchAge, Duration firstRetry, Duration maxRetry) {
    /**
     * The batch size from ROUNDHOUSE_SINK_BATCH_ROWS, and at most 1/64 of the heap in bytes (16 MB at -Xmx1g,
     * about what 100k rows take; 4 MB at -Xmx256m); 200 ms batch age; retries from 100 ms up to 5 s.
     */
    public static SinkTuning from(dev.roundhouse.config.Config config) {
        int batchBytes = (int) Math.min(1 << 30, Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 64));
        return new SinkTuning(config.sinkBatchRows(), batchBytes, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    public SinkTuning {
        if (batchRows < 1 || batchRows >= 1_048_576) {
            throw new IllegalArgumentException("batchRows must be in 1 … 1,048,575");
        }
        if (batchBytes < 1) {
            throw new IllegalArgumentException("batchBytes must be positive");
        }
    }

    Backoff backoff() {
        return new Backoff(firstRetry, maxRetry);
    }
}
