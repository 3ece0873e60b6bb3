package dev.roundhouse.kafka;

import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.csv.RoundReader;
import dev.roundhouse.model.GameRound;
import dev.roundhouse.model.RowError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * The row loop of one upload: the calling (virtual) thread reads, validates and encodes rows in batches of
 * {@value #BATCH}; a second virtual thread sends them into the open transaction, so parsing and producing overlap
 * on the two cores. With on_error=reject, the first invalid row stops producing; reading goes on to count errors.
 */
final class UploadRows {
    private static final int BATCH = 2048;

    /** What the loop read. {@code errors} lists at most {@code UploadPublisher.MAX_LISTED_ERRORS}. */
    record Counts(long read, long accepted, long rejected, List<RowError> errors) {}

    private final String topic;
    private final GameRoundEncoder encoder;
    private final boolean stopProducingOnError;
    private final int maxListedErrors;

    UploadRows(String topic, GameRoundEncoder encoder, boolean stopProducingOnError, int maxListedErrors) {
        this.topic = topic;
        this.encoder = encoder;
        this.stopProducingOnError = stopProducingOnError;
        this.maxListedErrors = maxListedErrors;
    }

    /** Sends every accepted row of {@code reader} with the upload's id header; throws what a send threw. */
    Counts send(RoundReader reader, Producer<byte[], byte[]> producer, String uploadId) throws IOException, InterruptedException {
        var sender = new Sender(producer, uploadId);
        Thread senderThread = Thread.ofVirtual().name("upload-send-" + uploadId).start(sender);
        var errors = new ArrayList<RowError>();
        long[] rejected = {0};
        long accepted = 0;
        var round = new GameRound();
        Batch batch = new Batch();
        try {
            while (reader.next(round, error -> {
                rejected[0]++;
                if (errors.size() < maxListedErrors) {
                    errors.add(error);
                }
            })) {
                if (stopProducingOnError && rejected[0] > 0) {
                    continue; // the upload will be rejected: read on only to report errors
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
        return new Counts(reader.rowsRead(), accepted, rejected[0], List.copyOf(errors));
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
