package dev.roundhouse.sink;

import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.MalformedRecordException;
import dev.roundhouse.avro.SchemaRegistryException;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.ClickHouseException;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.clickhouse.RowBinaryWriter;
import dev.roundhouse.clickhouse.ServerFeatures;
import dev.roundhouse.model.GameRound;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Lands the records of one assigned partition in ClickHouse on its own thread: decodes them into a
 * {@link RowBatch}, and inserts the batch when it is full, old, or the partition is handed back.
 * One INSERT holds a contiguous run of this partition's records; a failed INSERT is retried with
 * back-off, never skipped. After a failure it may have landed anyway (the answer was lost), so each
 * retry first asks ClickHouse which of the batch's offsets it already holds, repairs the aggregates of
 * those (see {@link AggregateRepair}) and sends only the others.
 * Records it cannot decode go to the dead-letter topic, acknowledged before any later row is inserted
 * (resume is max(_offset)+1, which would otherwise skip an unsent dead letter after a crash).
 */
final class PartitionWriter {
    private static final System.Logger LOG = System.getLogger(PartitionWriter.class.getName());
    private static final List<ConsumerRecord<byte[], byte[]>> WAKE_UP = List.of();

    /** Thrown out of a wait when the writer was told to give up; nothing un-inserted is kept. */
    private static final class Abandoned extends Exception {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private record DeadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {}

    private final TopicPartition partition;
    private final Parts parts;
    private final RowBatch batch = new RowBatch();
    private final List<DeadLetter> deadLetterRecords = new ArrayList<>();
    private final GameRound scratch = new GameRound();
    private final LinkedBlockingQueue<List<ConsumerRecord<byte[], byte[]>>> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedRecords = new AtomicInteger();
    private final AtomicLong committable = new AtomicLong(-1);
    private final CountDownLatch abandoned = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean finishing;
    private volatile boolean failed;
    /** The consumer has read to the end of the partition: nothing more is coming to fill the batch. */
    private volatile boolean caughtUp;
    private byte[] lastUploadIdBytes = new byte[0];
    private String lastUploadId = "";
    /** The range the first batch must be exactly, until it is inserted; null after that or when there is none. */
    private InsertIntent redo;

    /** What every partition's writer shares. */
    record Parts(ClickHouseClient clickhouse, String table, StoredOffsets stored, AggregateRepair repair,
                 GameRoundDecoder decoder, DeadLetters deadLetters, SinkTuning tuning, SinkMetrics metrics,
                 IntentCommits intents, ServerFeatures features) {}

    /**
     * A writer starting at {@code start}: when it carries a range to redo, the first batch is exactly that
     * range (cut at its last offset, never earlier), so it carries the same deduplication token as the INSERT
     * of the owner before, which may still be in flight.
     */
    PartitionWriter(TopicPartition partition, Parts parts, ResumePoint start) {
        this.partition = partition;
        this.parts = parts;
        this.redo = start.redo().orElse(null);
        this.thread = Thread.ofVirtual().name("roundhouse-sink-" + partition).start(this::run);
    }

    /** Hands over the next records the consumer returned for this partition, in offset order. */
    void offer(List<ConsumerRecord<byte[], byte[]>> records) {
        queuedRecords.addAndGet(records.size());
        queue.add(records);
    }

    /** Records handed over and not yet taken into a batch (for pausing the partition). */
    int queuedRecords() {
        return queuedRecords.get();
    }

    /** Told after each poll whether the consumer has reached the partition's end (lag 0). */
    void caughtUp(boolean atEnd) {
        caughtUp = atEnd;
    }

    /** The offset to commit for lag monitoring since the last call, or -1 when nothing new is done. */
    long takeCommittable() {
        return committable.getAndSet(-1);
    }

    /** The thread ended on an unexpected error; the partition must be re-read from ClickHouse's position. */
    boolean failed() {
        return failed;
    }

    /**
     * Asks the writer to insert everything handed over and stop; {@link #awaitEnd} waits for that. The sink's
     * thread keeps committing intents meanwhile, as each remaining INSERT needs one.
     */
    void beginFinish() {
        finishing = true;
        queue.add(WAKE_UP);
    }

    /** True when the writer's thread has ended within {@code wait}. */
    boolean awaitEnd(Duration wait) throws InterruptedException {
        return thread.join(wait);
    }

    /** Stops at once, keeping nothing that is not inserted; returns when no INSERT is in flight any more. */
    void abandon() throws InterruptedException {
        abandoned.countDown();
        queue.add(WAKE_UP);
        thread.join();
    }

    private void run() {
        try {
            while (true) {
                long wait = batch.isEmpty() ? 100 : Math.clamp(maxBatchAgeMillis() - batch.ageMillis(), 1, 100);
                var records = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (abandoned.getCount() == 0) {
                    return;
                }
                if (records != null) {
                    for (var record : records) {
                        take(record);
                        if (batchComplete(record.offset())) {
                            flush();
                        }
                    }
                    queuedRecords.addAndGet(-records.size());
                }
                if (redo == null && (batch.ageMillis() >= maxBatchAgeMillis() || (caughtUp && queue.isEmpty()))) {
                    flush();
                }
                if (finishing && queue.isEmpty()) {
                    if (redo != null) {
                        // An earlier cut would carry another token than the range that may be in flight: leave the
                        // range whole to the next owner, whom the committed intent tells to redo it.
                        return;
                    }
                    flush();
                    return;
                }
            }
        } catch (Abandoned | InterruptedException e) {
            LOG.log(Level.DEBUG, "writer stopped without finishing", "topic", partition.topic(), "partition", partition.partition());
        } catch (RuntimeException | Error e) {
            failed = true;
            LOG.log(Level.ERROR, partition + ": sink writer failed; the partition resumes from ClickHouse", e);
        }
    }

    /** Full by size, or (redoing a range) at the range's last offset, where the earlier owner cut it. */
    private boolean batchComplete(long offset) {
        if (redo != null) {
            return offset >= redo.last();
        }
        return batch.rowCount() >= parts.tuning().batchRows() || batch.rows.size() >= parts.tuning().batchBytes();
    }

    /** The batch age that forces an INSERT (see {@link SinkTuning#batchAge} and {@link SinkTuning#backlogAge}). */
    private long maxBatchAgeMillis() {
        return (caughtUp ? parts.tuning().batchAge() : parts.tuning().backlogAge()).toMillis();
    }

    private void take(ConsumerRecord<byte[], byte[]> record) throws Abandoned {
        batch.took(record);
        Backoff backoff = parts.tuning().backoff();
        while (true) {
            try {
                encode(record, batch.rows);
                batch.rowWritten(record.offset());
                return;
            } catch (MalformedRecordException e) {
                deadLetterRecords.add(new DeadLetter(record, e.getMessage()));
                batch.deadLetters.add(parts.deadLetters().send(record, e.getMessage()));
                parts.metrics().recordDeadLetter();
                LOG.log(Level.WARNING, "record sent to the dead-letter topic", "topic", partition.topic(), "partition", partition.partition(), "offset", record.offset(), "error", e.getMessage());
                return;
            } catch (SchemaRegistryException e) { // only retriable ones reach here: the decoder turns the rest into Malformed
                retryLater(backoff.nextDelayMillis(), "schema registry unavailable (" + e.getMessage() + ")");
            }
        }
    }

    private void encode(ConsumerRecord<byte[], byte[]> record, RowBinaryWriter out)
            throws MalformedRecordException, SchemaRegistryException {
        parts.decoder().decode(record.value(), scratch);
        GameRoundRows.write(out, scratch, uploadId(record), record.partition(), record.offset());
    }

    /** The upload_id header; every record of an upload carries the same bytes, so one String serves a run. */
    private String uploadId(ConsumerRecord<byte[], byte[]> record) {
        Header h = record.headers().lastHeader("upload_id");
        if (h == null) {
            return "";
        }
        byte[] v = h.value();
        if (!Arrays.equals(v, lastUploadIdBytes)) {
            lastUploadIdBytes = v;
            lastUploadId = new String(v, StandardCharsets.UTF_8);
        }
        return lastUploadId;
    }

    private void flush() throws Abandoned {
        if (batch.isEmpty()) {
            return;
        }
        awaitDeadLetters();
        if (batch.rowCount() > 0) {
            var intent = new InsertIntent(batch.firstOffset(), batch.lastOffset());
            declare(intent);
            insert(intent.token(partition.topic(), partition.partition(), lastUploadId), redo != null);
        }
        redo = null;
        committable.set(batch.lastOffset() + 1);
        batch.clear();
    }

    /**
     * Commits the intent to the group before the INSERT, retrying passing failures; fails the writer when the
     * group has fenced this consumer out (the partition has another owner now, who redoes the range).
     */
    private void declare(InsertIntent intent) throws Abandoned {
        Backoff backoff = parts.tuning().backoff();
        while (true) {
            var outcome = parts.intents().request(partition, this, intent);
            try {
                while (!outcome.isDone()) {
                    if (abandoned.await(20, TimeUnit.MILLISECONDS)) {
                        throw new Abandoned();
                    }
                }
                outcome.join();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            } catch (CompletionException e) {
                if (e.getCause() instanceof IntentCommits.Fenced fenced) {
                    throw new IllegalStateException(partition + ": fenced out of the consumer group before inserting "
                            + intent + "; the next owner inserts it", fenced);
                }
                retryLater(backoff.nextDelayMillis(), "intent commit failed (" + e.getCause() + ")");
            }
        }
    }

    private void awaitDeadLetters() throws Abandoned {
        Backoff backoff = parts.tuning().backoff();
        for (int i = 0; i < batch.deadLetters.size(); i++) {
            try {
                batch.deadLetters.get(i).get();
            } catch (ExecutionException e) {
                var letter = deadLetterRecords.get(i);
                retryLater(backoff.nextDelayMillis(), "dead-letter send failed (" + e.getCause() + ")");
                batch.deadLetters.set(i, parts.deadLetters().send(letter.record(), letter.reason()));
                i--;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Abandoned();
            }
        }
        deadLetterRecords.clear();
    }

    /** Inserts the batch; {@code mayHaveLanded} when an earlier owner may have inserted some of it already. */
    private void insert(String token, boolean mayHaveLanded) throws Abandoned {
        Backoff backoff = parts.tuning().backoff();
        var settings = parts.features().insertSettings(token);
        while (true) {
            try {
                RowBinaryWriter body = batch.rows;
                int rows = batch.rowCount();
                if (mayHaveLanded) {
                    long[] present = parts.stored().presentOffsets(partition.partition(), batch.firstRowOffset(), batch.lastRowOffset());
                    if (present.length > 0) {
                        parts.repair().repair(partition.partition(), batch.firstRowOffset(), batch.lastRowOffset());
                    }
                    if (present.length == rows) {
                        LOG.log(Level.INFO, "the failed INSERT had landed", "topic", partition.topic(), "partition", partition.partition(), "offset", batch.firstRowOffset(), "rows", rows);
                        return;
                    }
                    if (present.length > 0) {
                        LOG.log(Level.WARNING, "part of the failed INSERT had landed; inserting the rest", "topic", partition.topic(), "partition", partition.partition(), "offset", batch.firstRowOffset(), "rows", rows, "landed", present.length);
                        body = batch.rowsExcept(present);
                        rows -= present.length;
                    }
                }
                long t0 = System.nanoTime();
                parts.clickhouse().insert(parts.table(), GameRoundRows.COLUMNS, body, settings);
                parts.metrics().recordInsert(rows, (System.nanoTime() - t0) / 1_000_000);
                return;
            } catch (ClickHouseException e) {
                mayHaveLanded = true;
                if (e.retryable()) {
                    retryLater(backoff.nextDelayMillis(), "INSERT failed (" + e.getMessage() + ")");
                } else {
                    LOG.log(Level.ERROR, "ClickHouse rejected the INSERT; retrying slowly, never skipping", "topic", partition.topic(), "partition", partition.partition(),
                            "offset", batch.firstRowOffset(), "last_offset", batch.lastRowOffset(), "error", e.getMessage());
                    retryLater(backoff.capMillis(), "INSERT rejected");
                }
            }
        }
    }

    private void retryLater(long delayMillis, String why) throws Abandoned {
        parts.metrics().recordRetry();
        LOG.log(Level.WARNING, why + "; retrying", "topic", partition.topic(), "partition", partition.partition(), "retry_ms", delayMillis);
        try {
            if (abandoned.await(delayMillis, TimeUnit.MILLISECONDS)) {
                throw new Abandoned();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abandoned();
        }
    }
}
