package dev.roundhouse.sink;

import dev.roundhouse.clickhouse.RowBinaryWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The consecutive records of one partition between two INSERTs: their rows encoded as RowBinary, the
 * records behind those rows (kept only by reference, to rebuild a subset if an INSERT half-landed),
 * and the dead-letter sends of records that did not decode. Reused after each flush.
 */
final class RowBatch {
    final RowBinaryWriter rows = new RowBinaryWriter();
    final List<ConsumerRecord<byte[], byte[]>> rowRecords = new ArrayList<>();
    final List<Future<?>> deadLetters = new ArrayList<>();
    private long lastOffset = -1;
    private long startedNanos;

    /** Called for every record taken into the batch, row or dead letter, in offset order. */
    void took(ConsumerRecord<byte[], byte[]> record) {
        if (isEmpty()) {
            startedNanos = System.nanoTime();
        }
        lastOffset = record.offset();
    }

    boolean isEmpty() {
        return rowRecords.isEmpty() && deadLetters.isEmpty();
    }

    int rowCount() {
        return rowRecords.size();
    }

    long firstRowOffset() {
        return rowRecords.getFirst().offset();
    }

    long lastRowOffset() {
        return rowRecords.getLast().offset();
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
        rowRecords.clear();
        deadLetters.clear();
    }
}
