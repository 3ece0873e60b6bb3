package dev.roundhouse.sink;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of one {@link Sink}, for /metrics. Thread-safe; every getter reads the current value. */
public final class SinkMetrics {
    private final LongAdder rowsInserted = new LongAdder();
    private final LongAdder inserts = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final AtomicLong lastInsertMillis = new AtomicLong(-1);
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();

    /** Rows written to game_rounds by successful INSERTs. */
    public long rowsInserted() {
        return rowsInserted.sum();
    }

    /** Successful INSERT statements. */
    public long inserts() {
        return inserts.sum();
    }

    /** Records sent to the dead-letter topic (at least once: a crash may send one twice). */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** Failed attempts that were retried (INSERTs, ClickHouse look-ups, registry calls, dead-letter sends). */
    public long retries() {
        return retries.sum();
    }

    /** Duration of the last successful INSERT in milliseconds, -1 before the first. */
    public long lastInsertLatencyMillis() {
        return lastInsertMillis.get();
    }

    /** Records not yet consumed, per assigned partition, as of the last fetch. */
    public Map<Integer, Long> lagByPartition() {
        return new TreeMap<>(lag);
    }

    /** Sum of {@link #lagByPartition()}. */
    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    void recordInsert(int rows, long millis) {
        rowsInserted.add(rows);
        inserts.increment();
        lastInsertMillis.set(millis);
    }

    void recordDeadLetter() {
        deadLettered.increment();
    }

    void recordRetry() {
        retries.increment();
    }

    void recordLag(int partition, long records) {
        lag.put(partition, records);
    }

    void forgetPartition(int partition) {
        lag.remove(partition);
    }
}
