package dev.roundhouse.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.generate.RoundsGenerator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upload transaction with kafka-clients' MockProducer (rows and ledger entry in one transaction) and the
 * ledger read through a MockConsumer: commit, reject, duplicates on both paths, a failure mid-transaction and a
 * fenced producer. What a real broker adds (ordering across instances) is DuplicateRaceIT's.
 */
class UploadPublisherTest {
    private static final String TOPIC = "rounds";
    private static final String LEDGER = "rounds-uploads";
    private static final TopicPartition LEDGER_0 = new TopicPartition(LEDGER, 0);
    private static final String CSV = RoundsGenerator.HEADER + "\n"
            + "2024-03-01 12:00:00,1,872de53a900f3250ae5649ea19e5c0d1,7,1.00,0,0.50,0,Book,Prov\n"
            + "2024-03-01 12:00:01,2,872de53a900f3250ae5649ea19e5c0d1,7,2.00,0,0.00,0,Book,Prov\n";
    private static final String BAD_ROW = "2024-03-01 12:00:02,3,872de53a900f3250ae5649ea19e5c0d1,7,abc,0,0,0,Book,Prov\n";

    private final List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final MockConsumer<byte[], byte[]> ledgerReader = new MockConsumer<>("earliest");
    /** Ledger records committed before the service starts, read at start-up. */
    private final List<ConsumerRecord<byte[], byte[]>> pendingLedger = new ArrayList<>();
    private int ledgerRecords;
    private UploadLedger ledger;

    @AfterEach
    void close() throws InterruptedException {
        if (ledger != null) {
            ledger.close();
        }
    }

    private UploadPublisher publisher(UploadLedger.DecisionPoint hook, List<MockProducer<byte[], byte[]>> given) throws InterruptedException {
        ledgerReader.updatePartitions(LEDGER, List.of(new PartitionInfo(LEDGER, 0, null, null, null)));
        ledgerReader.updateBeginningOffsets(Map.of(LEDGER_0, 0L));
        ledgerReader.updateEndOffsets(Map.of(LEDGER_0, (long) ledgerRecords));
        ledgerReader.schedulePollTask(() -> pendingLedger.forEach(ledgerReader::addRecord)); // once assigned
        ledger = new UploadLedger(LedgerTailer.start(ledgerReader, LEDGER, Duration.ofSeconds(5)));
        var queue = new ArrayList<>(given);
        var pool = new TransactionalProducers(1, slot -> {
            var p = queue.isEmpty() ? new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) : queue.removeFirst();
            producers.add(p);
            return p;
        });
        return new UploadPublisher(TOPIC, "test-1", pool, ledger, new GameRoundEncoder(1), hook);
    }

    /** A committed ledger entry at the next offset, as another instance's committed upload leaves one. */
    private void committedElsewhere(String sha, String uploadId) {
        var entry = new LedgerEntry(uploadId, sha, 2, 2, 0, 1L, "other");
        pendingLedger.add(new ConsumerRecord<>(LEDGER, 0, ledgerRecords++, sha.getBytes(StandardCharsets.US_ASCII), LedgerTailer.json(entry)));
    }

    private static UploadResult publish(UploadPublisher publisher, String csv, UploadPublisher.OnError onError) throws Exception {
        return publisher.publish(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8, onError);
    }

    @Test
    void commitsRowsAndLedgerEntryInOneTransaction() throws Exception {
        var result = publish(publisher(UploadLedger.DecisionPoint.NONE, List.of()), CSV, UploadPublisher.OnError.SKIP);
        assertEquals(UploadResult.Outcome.COMMITTED, result.outcome());
        assertEquals(2, result.rowsAccepted());
        var p = producers.getFirst();
        assertTrue(p.transactionCommitted());
        List<ProducerRecord<byte[], byte[]>> sent = p.history();
        assertEquals(3, sent.size());
        assertEquals(2, sent.stream().filter(r -> r.topic().equals(TOPIC)).count());
        var entry = sent.getLast();
        assertEquals(LEDGER, entry.topic());
        assertEquals(sha256(CSV), new String(entry.key(), StandardCharsets.US_ASCII));
        assertEquals(result.uploadId(), new String(sent.getFirst().headers().lastHeader("upload_id").value(), StandardCharsets.US_ASCII));
    }

    @Test
    void rejectAbortsAndWritesNoLedgerEntry() throws Exception {
        var result = publish(publisher(UploadLedger.DecisionPoint.NONE, List.of()), CSV + BAD_ROW, UploadPublisher.OnError.REJECT);
        assertEquals(UploadResult.Outcome.REJECTED, result.outcome());
        assertEquals(1, result.rowsRejected());
        assertEquals(0, result.rowsAccepted());
        var p = producers.getFirst();
        assertTrue(p.transactionAborted());
        assertFalse(p.transactionCommitted());
        assertTrue(p.history().stream().noneMatch(r -> r.topic().equals(LEDGER)));
    }

    @Test
    void aFileTheLedgerHoldsIsADuplicateBeforeAnyEntryIsWritten() throws Exception {
        committedElsewhere(sha256(CSV), "first-upload");
        var result = publish(publisher(UploadLedger.DecisionPoint.NONE, List.of()), CSV, UploadPublisher.OnError.SKIP);
        assertEquals(UploadResult.Outcome.DUPLICATE, result.outcome());
        assertEquals("first-upload", result.duplicateOf());
        assertTrue(producers.getFirst().transactionAborted());
        assertTrue(producers.getFirst().history().stream().noneMatch(r -> r.topic().equals(LEDGER)));
    }

    @Test
    void anEarlierEntryCommittedWhileThisOneWaitsMakesItADuplicate() throws Exception {
        // This upload's entry lands at offset 3; an upload elsewhere committed the same file at offset 1 meanwhile.
        var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        for (int i = 0; i < 3; i++) {
            var _ = producer.send(new ProducerRecord<>(LEDGER, 0, new byte[0], new byte[0]));
        }
        String sha = sha256(CSV);
        UploadLedger.DecisionPoint raced = (uploadId, offset) -> {
            assertEquals(3, offset);
            var other = new LedgerEntry("raced-first", sha, 2, 2, 0, 1L, "other");
            ledgerReader.schedulePollTask(() -> {
                ledgerReader.addRecord(new ConsumerRecord<>(LEDGER, 0, 1, sha.getBytes(StandardCharsets.US_ASCII), LedgerTailer.json(other)));
                ledgerReader.addRecord(new ConsumerRecord<>(LEDGER, 0, 2, "another-file".getBytes(StandardCharsets.US_ASCII), LedgerTailer.json(other)));
            });
        };
        var result = publish(publisher(raced, List.of(producer)), CSV, UploadPublisher.OnError.SKIP);
        assertEquals(UploadResult.Outcome.DUPLICATE, result.outcome());
        assertEquals("raced-first", result.duplicateOf());
        assertTrue(producer.transactionAborted());
        assertFalse(producer.transactionCommitted());
    }

    @Test
    void aSendFailingMidTransactionAbortsAndAnswersPublishException() throws Exception {
        var producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer.sendException = new KafkaException("broker gone");
        var publisher = publisher(UploadLedger.DecisionPoint.NONE, List.of(producer));
        assertThrows(UploadPublisher.PublishException.class, () -> publish(publisher, CSV, UploadPublisher.OnError.SKIP));
        assertTrue(producer.transactionAborted());
        assertFalse(producer.transactionCommitted());
        // the producer's abort worked, so it was kept: the next upload reuses it and commits
        producer.sendException = null;
        assertEquals(UploadResult.Outcome.COMMITTED, publish(publisher, CSV, UploadPublisher.OnError.SKIP).outcome());
        assertEquals(1, producers.size());
    }

    @Test
    void aFencedProducerIsReplacedAndNothingCommits() throws Exception {
        var fenced = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        fenced.commitTransactionException = new ProducerFencedException("another producer with this transactional id");
        fenced.abortTransactionException = new ProducerFencedException("another producer with this transactional id");
        var publisher = publisher(UploadLedger.DecisionPoint.NONE, List.of(fenced));
        assertThrows(UploadPublisher.PublishException.class, () -> publish(publisher, CSV, UploadPublisher.OnError.SKIP));
        assertFalse(fenced.transactionCommitted());
        assertTrue(fenced.closed(), "a producer that cannot abort is closed and its slot gets a new one");
        assertEquals(UploadResult.Outcome.COMMITTED, publish(publisher, CSV, UploadPublisher.OnError.SKIP).outcome());
        assertEquals(2, producers.size());
    }

    private static String sha256(String csv) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(csv.getBytes(StandardCharsets.UTF_8)));
    }
}
