package dev.roundhouse.sink;

import dev.roundhouse.clickhouse.RowBinaryWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consecutive records of one partition between two INSERTs: their rows encoded as RowBinary with
 * each row's Kafka offset and end position (enough to cut out a subset if an INSERT half-landed, without
 * keeping the records themselves alive), and the dead-letter sends of records that did not decode.
 * Reused after each flush.
 */
final class RowBatch {
    final RowBinaryWriter rows = new RowBinaryWriter();
    final List<Future<?>> deadLetters = new ArrayList<>();
    private long[] offsets = new long[1024];
    private int[] rowEnds = new int[1024];
    private int rowCount;
    private long firstOffset = -1;
    private long lastOffset = -1;
    private long startedNanos;

    /** Called for every record taken into the batch, row or dead letter, in offset order. */
    void took(ConsumerRecord<byte[], byte[]> record) {
        if (isEmpty()) {
            startedNanos = System.nanoTime();
            firstOffset = record.offset();
        }
        lastOffset = record.offset();
    }

    /** Records that the row just written to {@link #rows} came from this offset. */
    void rowWritten(long offset) {
        if (rowCount == offsets.length) {
            offsets = Arrays.copyOf(offsets, rowCount * 2);
            rowEnds = Arrays.copyOf(rowEnds, rowCount * 2);
        }
        offsets[rowCount] = offset;
        rowEnds[rowCount] = rows.size();
        rowCount++;
    }

    boolean isEmpty() {
        return rowCount == 0 && deadLetters.isEmpty();
    }

    int rowCount() {
        return rowCount;
    }

    long firstRowOffset() {
        return offsets[0];
    }

    long lastRowOffset() {
        return offsets[rowCount - 1];
    }

    /** The batch's rows whose offsets are not in {@code present} (sorted), as RowBinary. */
    RowBinaryWriter rowsExcept(long[] present) {
        var out = new RowBinaryWriter();
        for (int i = 0; i < rowCount; i++) {
            if (Arrays.binarySearch(present, offsets[i]) < 0) {
                out.writeRaw(rows, i == 0 ? 0 : rowEnds[i - 1], rowEnds[i]);
            }
        }
        return out;
    }

    /** The offset of the first record taken, row or dead letter. */
    long firstOffset() {
        return firstOffset;
    }

    /** The offset of the last record taken: once the batch is done, the consumer may commit this + 1. */
    long lastOffset() {
        return lastOffset;
    }

    long ageMillis() {
        return isEmpty() ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
    }

    void clear() {
        rows.reset();
        rowCount = 0;
        deadLetters.clear();
    }
}
