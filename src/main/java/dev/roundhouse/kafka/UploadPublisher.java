package dev.roundhouse.kafka;

import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.csv.CsvFormatException;
import dev.roundhouse.csv.GameRound;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.csv.RowError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One upload = one Kafka transaction. The calling (virtual) thread reads, validates and encodes rows in
 * batches; a second virtual thread hands them to the producer, so parsing and producing overlap on the
 * two cores. Nothing becomes visible to read_committed consumers unless the whole upload commits.
 */
public final class UploadPublisher {
    /** How invalid rows are handled. */
    public enum OnError { SKIP, REJECT }

    /** Row errors listed in a response; the count is always complete. */
    public static final int MAX_LISTED_ERRORS = 100;
    private static final int BATCH = 2048;

    private final String topic;
    private final TransactionalProducers producers;
    private final UploadLedger ledger;
    private final GameRoundEncoder encoder;

    public UploadPublisher(String topic, TransactionalProducers producers, UploadLedger ledger, GameRoundEncoder encoder) {
        this.topic = topic;
        this.producers = producers;
        this.ledger = ledger;
        this.encoder = encoder;
    }

    /**
     * Streams the CSV body into one transaction. Throws {@link CsvFormatException} when the body is not
     * this CSV at all (before anything is produced) and {@link PublishException} when Kafka fails (the
     * transaction is aborted; the client may retry).
     */
    public UploadResult publish(InputStream body, Charset forcedCharset, OnError onError)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        String uploadId = UUID.randomUUID().toString();
        MessageDigest sha = sha256();
        RoundReader reader = RoundReader.open(new DigestInputStream(body, sha), forcedCharset);

        TransactionalProducers.Lease lease;
        try {
            lease = producers.borrow();
        } catch (RuntimeException e) {
            throw new PublishException("Kafka is not accepting transactions: " + e.getMessage(), e);
        }
        Producer<byte[], byte[]> producer = lease.producer();
        var sender = new Sender(producer, uploadId);
        String claimedSha = null;
        boolean ended = false;
        try {
            producer.beginTransaction();
            Thread senderThread = Thread.ofVirtual().name("upload-send-" + uploadId).start(sender);
            var errors = new ArrayList<RowError>();
            long[] rejected = {0};
            boolean produce = true;
            var round = new GameRound();
            Batch batch = new Batch();
            long accepted = 0;
            try {
                while (reader.next(round, error -> {
                    rejected[0]++;
                    if (errors.size() < MAX_LISTED_ERRORS) {
                        errors.add(error);
                    }
                })) {
                    if (onError == OnError.REJECT && rejected[0] > 0) {
                        produce = false; // the upload will be rejected: keep reading only to report errors
                    }
                    if (!produce) {
                        continue;
                    }
                    accepted++;
                    // the reader's UTF-8 of the user id: a fresh array per row, so Kafka may keep it as the key
                    batch.add(round.userIdUtf8(), encoder.encode(round));
                    if (batch.size == BATCH) {
                        sender.hand(batch);
                        batch = new Batch();
                    }
                    sender.failIfBroken();
                }
                sender.hand(batch);
            } finally {
                sender.finish(senderThread);
            }
            sender.failIfBroken();

            String fileSha = HexFormat.of().formatHex(sha.digest());
            long rowsRejected = rejected[0];
            if (onError == OnError.REJECT && rowsRejected > 0) {
                abort(producer);
                ended = true;
                return result(UploadResult.Outcome.REJECTED, uploadId, fileSha, reader.rowsRead(), 0, rowsRejected, errors, null, started);
            }
            var duplicateOf = ledger.claim(fileSha, uploadId);
            if (duplicateOf.isPresent()) {
                abort(producer);
                ended = true;
                return result(UploadResult.Outcome.DUPLICATE, uploadId, fileSha, reader.rowsRead(), 0, rowsRejected, errors, duplicateOf.get(), started);
            }
            claimedSha = fileSha;
            var entry = new UploadLedger.Entry(uploadId, accepted, System.currentTimeMillis());
            ledger.append(producer, fileSha, entry);
            producer.commitTransaction();
            ended = true;
            ledger.release(fileSha, uploadId, entry);
            claimedSha = null;
            return result(UploadResult.Outcome.COMMITTED, uploadId, fileSha, reader.rowsRead(), accepted, rowsRejected, errors, null, started);
        } catch (RuntimeException e) {
            throw new PublishException("Kafka transaction failed, nothing was committed: " + e.getMessage(), e);
        } finally {
            if (claimedSha != null) {
                ledger.release(claimedSha, uploadId, null);
            }
            if (ended) {
                producers.giveBack(lease);
            } else if (abortQuietly(producer)) {
                producers.giveBack(lease);
            } else {
                producers.discard(lease);
            }
        }
    }

    private UploadResult result(UploadResult.Outcome outcome, String uploadId, String sha, long read, long accepted,
                                long rejected, List<RowError> errors, String duplicateOf, long started) {
        return new UploadResult(outcome, uploadId, sha, read, accepted, rejected, List.copyOf(errors),
                rejected > errors.size(), topic, encoder.schemaId(), duplicateOf, (System.nanoTime() - started) / 1_000_000);
    }

    private static void abort(Producer<byte[], byte[]> producer) {
        producer.abortTransaction();
    }

    /** Aborts after a failure; false when the producer is unusable and must be replaced. */
    private static boolean abortQuietly(Producer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kafka failed mid-upload; the transaction was aborted and the upload can be retried. */
    public static final class PublishException extends RuntimeException {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class Batch {
        final byte[][] keys = new byte[BATCH][];
        final byte[][] values = new byte[BATCH][];
        int size;

        void add(byte[] key, byte[] value) {
            keys[size] = key;
            values[size] = value;
            size++;
        }
    }

    /** The producing half: takes batches from a bounded queue and sends them inside the transaction. */
    private final class Sender implements Runnable, Callback {
        private static final Batch END = new Batch();
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(8);
        private final Producer<byte[], byte[]> producer;
        private final RecordHeaders headers;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private long sent;

        Sender(Producer<byte[], byte[]> producer, String uploadId) {
            this.producer = producer;
            this.headers = new RecordHeaders(new RecordHeader[] {new RecordHeader("upload_id", uploadId.getBytes(StandardCharsets.US_ASCII))});
            this.headers.setReadOnly(); // shared by every record of the upload
        }

        void hand(Batch batch) throws InterruptedException {
            if (batch.size > 0) {
                queue.put(batch);
            }
        }

        void finish(Thread thread) throws InterruptedException {
            queue.put(END);
            thread.join();
        }

        void failIfBroken() {
            Exception e = failure.get();
            if (e != null) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
            }
        }

        @Override
        public void run() {
            try {
                for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
                    if (failure.get() != null) {
                        continue; // drain so the reader never blocks on a full queue
                    }
                    for (int i = 0; i < batch.size; i++) {
                        // Correctness rests on commitTransaction, which throws if any send failed; the callback only
                        // stops a doomed upload early. A failed Kafka batch fails all its records, and each holds
                        // thousands, so every 64th record watching is enough and spares the others a metadata object.
                        Callback watch = (sent++ & 63) == 0 ? this : null;
                        var _ = producer.send(new ProducerRecord<>(topic, null, batch.keys[i], batch.values[i], headers), watch);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                try {
                    while (queue.take() != END) {
                        // drain
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        }
    }
}
