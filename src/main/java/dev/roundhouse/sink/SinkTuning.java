package dev.roundhouse.sink;

import dev.roundhouse.config.Config;
import java.time.Duration;

/**
 * How the sink batches, bounds its memory and retries. The memory bounds follow the heap, so the same build
 * ingests a 10 M-row upload at -Xmx256m and keeps the full sizes from -Xmx1g up.
 *
 * @param batchRows     rows per INSERT at most; well below ClickHouse's max_insert_block_size (1,048,576) so
 *                      one INSERT is one block, written all or nothing
 * @param batchBytes    RowBinary bytes per INSERT at most: every partition's writer holds one batch, so on a
 *                      small heap this, not batchRows, bounds the sink's memory
 * @param queuedRecords records handed to one partition's writer before the partition is paused. Small on
 *                      purpose: records waiting out an INSERT (about a second) survive young collections, and
 *                      with 2 × 100k queued per partition G1 spent more CPU copying and marking them (5.8 s per
 *                      2.1 M-row upload) than the writers spent encoding; at 20k it is 1.7 s, and ClickHouse, not
 *                      the queue, still sets the pace
 * @param fetchBytes    bytes per consumer fetch, held until every record is handed over
 * @param batchAge      a batch older than this is inserted even when small (latency for small uploads), once
 *                      the consumer has reached the partition's end …
 * @param backlogAge    … and older than this while a backlog remains, so a large upload goes in as full batches
 *                      rather than one cut every batchAge (each INSERT is a part in three tables to merge)
 * @param firstRetry    first back-off delay after a failed INSERT, doubled per failure …
 * @param maxRetry      … up to this
 */
record SinkTuning(int batchRows, int batchBytes, int queuedRecords, int fetchBytes, Duration batchAge,
                         Duration backlogAge, Duration firstRetry, Duration maxRetry) {
    /**
     * The batch size from ROUNDHOUSE_SINK_BATCH_ROWS; of the heap, at most 1/64 per batch (16 MB at -Xmx1g, about
     * what 100k rows take; 4 MB at -Xmx256m), 1/16 per fetch (up to 64 MB) and 20k queued records per partition
     * from 1 GB (5k at 256 MB); 200 ms batch age, 2 s with a backlog; retries from 100 ms up to 5 s.
     */
    static SinkTuning from(Config config) {
        long heap = Runtime.getRuntime().maxMemory();
        return new SinkTuning(config.sinkBatchRows(), Math.clamp(heap / 64, 1 << 20, 1 << 30),
                Math.clamp(heap / 51_200, 2_000, 20_000), (int) Math.min(64 << 20, heap / 16),
                Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    SinkTuning {
        if (batchRows < 1 || batchRows >= 1_048_576) {
            throw new IllegalArgumentException("batchRows must be in 1 … 1,048,575");
        }
        if (batchBytes < 1 || queuedRecords < 1 || fetchBytes < 1) {
            throw new IllegalArgumentException("batchBytes, queuedRecords and fetchBytes must be positive");
        }
    }

    Backoff backoff() {
        return new Backoff(firstRetry, maxRetry);
    }
}
