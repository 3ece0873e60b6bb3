package dev.roundhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.avro.GameRoundSchema;
import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.kafka.TransactionalProducers;
import dev.roundhouse.kafka.UploadLedger;
import dev.roundhouse.kafka.UploadPublisher;
import dev.roundhouse.kafka.UploadResult;
import dev.roundhouse.support.TestService;
import dev.roundhouse.support.TopicReader;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Two instances receive the same new file at the same moment: exactly one commits. Deterministic, not timed:
 * both uploads are held at their decision point (ledger entry written, transaction open) by a hook, on the real
 * broker, and released in the order under test. Two "instances" here are two publishers with their own
 * transactional ids and their own ledger readers, as two processes have.
 */
class DuplicateRaceIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Holds each upload at its decision point until released, and records its ledger offset. */
    private static final class Gate implements UploadLedger.DecisionPoint {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile long offset = -1;

        @Override
        public void reached(String uploadId, long ledgerOffset) throws InterruptedException {
            offset = ledgerOffset;
            reached.countDown();
            assertTrue(release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void ofTwoRacingUploadsOfOneFileExactlyTheFirstInTheLedgerCommits() throws Exception {
        try (var service = TestService.start(Map.of("ROUNDHOUSE_SINK", "off"));
             ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor()) {
            var config = service.config();
            int schemaId = SchemaRegistryClient.from(config).register(GameRoundSchema.subjectFor(config.topic()), GameRoundSchema.json());
            var gateA = new Gate();
            var gateB = new Gate();
            try (var a = new Instance(config.kafkaBootstrapServers(), config.topic(), "race-a", config.uploadsTopic(), schemaId, gateA);
                 var b = new Instance(config.kafkaBootstrapServers(), config.topic(), "race-b", config.uploadsTopic(), schemaId, gateB)) {
                byte[] file = SinkIT.file(2_000, 71, 7_100_000);

                Future<UploadResult> first = uploads.submit(() -> a.upload(file));
                assertTrue(gateA.reached.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                Future<UploadResult> second = uploads.submit(() -> b.upload(file));
                assertTrue(gateB.reached.await(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                assertTrue(gateB.offset > gateA.offset, "B's entry follows A's in the ledger");

                // B may not decide while A's transaction, whose entry lies below B's, is open: it waits however long.
                gateB.release.countDown();
                assertThrows(TimeoutException.class, () -> second.get(2, TimeUnit.SECONDS));

                gateA.release.countDown();
                UploadResult won = first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                UploadResult lost = second.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                assertEquals(UploadResult.Outcome.COMMITTED, won.outcome());
                assertNull(won.duplicateOf());
                assertEquals(2_000, won.rowsAccepted());
                assertEquals(UploadResult.Outcome.DUPLICATE, lost.outcome());
                assertEquals(won.uploadId(), lost.duplicateOf());

                // the file's rows are committed once, and so is its ledger entry
                assertEquals(2_000, TopicReader.committedRecords(config).size());
                assertEquals(1, TopicReader.committedRecords(config, config.uploadsTopic()).size());

                // afterwards both instances answer the fast path: already committed
                var again = b.upload(file);
                assertEquals(UploadResult.Outcome.DUPLICATE, again.outcome());
                assertEquals(won.uploadId(), again.duplicateOf());
                assertFalse(a.ledger.upload(won.uploadId()).isEmpty());
            }
        }
    }

    /** One service instance's upload path: its own transactional ids and its own ledger reader. */
    private static final class Instance implements AutoCloseable {
        final TransactionalProducers producers;
        final UploadLedger ledger;
        final UploadPublisher publisher;

        Instance(String bootstrap, String topic, String id, String ledgerTopic, int schemaId, Gate gate) throws InterruptedException {
            producers = new TransactionalProducers(bootstrap, "roundhouse-upload-" + topic + "-" + id, 1);
            ledger = UploadLedger.start(bootstrap, ledgerTopic, PATIENCE);
            publisher = new UploadPublisher(topic, id, producers, ledger, new GameRoundEncoder(schemaId), gate);
        }

        UploadResult upload(byte[] file) throws Exception {
            return publisher.publish(new ByteArrayInputStream(file), null, UploadPublisher.OnError.SKIP);
        }

        @Override
        public void close() throws InterruptedException {
            producers.close();
            ledger.close();
        }
    }
}
