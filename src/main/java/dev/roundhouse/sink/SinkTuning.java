package dev.roundhouse.sink;

import java.time.Duration;

/**
 * How the sink batches and retries.
 *
 * @param batchRows   rows per INSERT at most; well below ClickHouse's max_insert_block_size (1,048,576) so
 *                    one INSERT is one block, written all or nothing
 * @param batchAge    a batch older than this is inserted even when small (latency for small uploads)
 * @param firstRetry  first back-off delay after a failed INSERT, doubled per failure …
 * @param maxRetry    … up to this
 */
public record SinkTuning(int batchRows, Duration batchAge, Duration firstRetry, Duration maxRetry) {
    /** The batch size from ROUNDHOUSE_SINK_BATCH_ROWS; 200 ms batch age; retries from 100 ms up to 5 s. */
    public static SinkTuning from(dev.roundhouse.config.Config config) {
        return new SinkTuning(config.sinkBatchRows(), Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    public SinkTuning {
        if (batchRows < 1 || batchRows >= 1_048_576) {
            throw new IllegalArgumentException("batchRows must be in 1 … 1,048,575");
        }
    }

    Backoff backoff() {
        return new Backoff(firstRetry, maxRetry);
    }
}
