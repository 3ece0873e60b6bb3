package dev.roundhouse.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The record of committed uploads, by SHA-256 of the file, shared by every instance through a compacted Kafka
 * topic. An upload's entry is written inside the upload's own transaction, so an upload and its entry commit
 * or vanish together.
 *
 * <p>Which of two uploads of one file commits is decided by Kafka's order, the same for every instance: at the
 * end of the body the upload sends its entry (in its open transaction) and learns the entry's offset o; it then
 * waits until this instance's read_committed {@link LedgerTailer} has read everything below o. That reader
 * cannot pass an open transaction, so by then every upload whose entry lies below o has committed or aborted.
 * If a committed entry below o has the same file, this upload aborts (409); otherwise it commits. Two uploads X
 * and Y of one file with o_X &lt; o_Y cannot both commit: Y decides only after X's transaction ended, so had X
 * committed, Y saw it. An earlier upload that crashed between its entry and its commit delays later decisions
 * until its transaction times out (transaction.timeout.ms, 60 s by default) or its instance restarts.
 *
 * <p>Two fast paths answer before any of that: a file the tailer already knows as committed, and a file another
 * upload of this process is deciding right now (reserved in memory).
 */
public final class UploadLedger implements AutoCloseable {
    /**
     * The longest an upload waits for the uploads before it: the producer's default transaction.timeout.ms
     * (60 s), after which the broker aborts a transaction its crashed producer left open, plus 15 s to read that.
     */
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(75);

    /** Called once an upload's entry has its offset and before it waits to decide (tests hold uploads here). */
    @FunctionalInterface
    public interface DecisionPoint {
        DecisionPoint NONE = (uploadId, offset) -> { };

        void reached(String uploadId, long ledgerOffset) throws InterruptedException;
    }

    private final LedgerTailer tailer;
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();

    UploadLedger(LedgerTailer tailer) {
        this.tailer = tailer;
    }

    /** Reads the ledger (up to its last stable offset, within {@code patience}) and keeps following it. */
    public static UploadLedger start(String bootstrapServers, String topic, Duration patience) throws InterruptedException {
        return new UploadLedger(LedgerTailer.start(bootstrapServers, topic, patience));
    }

    /**
     * Reserves the file for this upload within this process. Returns empty when reserved, or the id of the upload
     * that already committed the file (as far as read) or is deciding it in this process now.
     */
    Optional<String> reserve(String sha256, String uploadId) {
        var done = tailer.bySha(sha256);
        if (done.isPresent()) {
            return Optional.of(done.get().uploadId());
        }
        var other = inFlight.putIfAbsent(sha256, uploadId);
        return Optional.ofNullable(other);
    }

    /** Ends a reservation, whatever the upload's outcome. */
    void release(String sha256, String uploadId) {
        inFlight.remove(sha256, uploadId);
    }

    /**
     * Adds the entry to the producer's open transaction and decides (see the class comment): empty when the upload
     * may commit, else the id of the upload that committed the file first. Throws when the uploads before it did
     * not end within {@link #DECISION_TIMEOUT}.
     */
    Optional<String> decide(Producer<byte[], byte[]> transaction, LedgerEntry entry, DecisionPoint hook) throws InterruptedException {
        RecordMetadata written;
        try {
            written = transaction.send(new ProducerRecord<>(tailer.topic(), entry.sha256().getBytes(StandardCharsets.US_ASCII),
                    LedgerTailer.json(entry))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write the upload ledger entry: " + e.getCause().getMessage(), e.getCause());
        }
        hook.reached(entry.uploadId(), written.offset());
        if (!tailer.awaitRead(written.partition(), written.offset(), DECISION_TIMEOUT)) {
            throw new IllegalStateException("the uploads before this one in the ledger did not end within "
                    + DECISION_TIMEOUT.toSeconds() + " s");
        }
        return tailer.bySha(entry.sha256()).map(LedgerEntry::uploadId);
    }

    /** A committed upload by id, as far as this instance has read the ledger. */
    public Optional<LedgerEntry> upload(String uploadId) {
        return tailer.byUpload(uploadId);
    }

    /** Committed uploads, newest first: {@code limit} of them after skipping {@code offset}. */
    public List<LedgerEntry> recent(int offset, int limit) {
        return tailer.uploads().stream()
                .sorted(Comparator.comparingLong(LedgerEntry::committedAtMillis).reversed().thenComparing(LedgerEntry::uploadId))
                .skip(offset).limit(limit).toList();
    }

    /** False once the ledger reader has stopped (uploads cannot be decided then). For /health. */
    public boolean alive() {
        return tailer.alive();
    }

    /** Topic settings: compacted, so the ledger keeps the latest entry per file forever. */
    public static Map<String, String> topicConfig() {
        return Map.of("cleanup.policy", "compact");
    }

    @Override
    public void close() throws InterruptedException {
        tailer.close();
    }
}
