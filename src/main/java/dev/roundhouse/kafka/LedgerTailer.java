package dev.roundhouse.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the upload ledger topic read_committed on its own thread and keeps every committed entry, by file
 * SHA-256 and by upload id, plus how far it has read each partition. A read_committed consumer never passes
 * the last stable offset, so "read up to offset o" means every transaction with a ledger record below o has
 * committed or aborted and the committed ones are in the maps: {@link UploadLedger} decides duplicates on that.
 */
final class LedgerTailer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LedgerTailer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Map<String, LedgerEntry> bySha = new ConcurrentHashMap<>();
    private final Map<String, LedgerEntry> byUpload = new ConcurrentHashMap<>();
    /** Per ledger partition, the offset before which everything is read (the consumer's position). */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private final Object progress = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    private LedgerTailer(Consumer<byte[], byte[]> consumer, String topic) {
        this.topic = topic;
        this.consumer = consumer;
        this.thread = Thread.ofPlatform().daemon().name("roundhouse-ledger").unstarted(this::run);
    }

    private static Consumer<byte[], byte[]> kafkaConsumer(String bootstrapServers) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a waiting upload is answered within one fetch wait of the transaction before it ending
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads the whole ledger (up to its last stable offset, within {@code patience}), then keeps following it. */
    static LedgerTailer start(String bootstrapServers, String topic, Duration patience) throws InterruptedException {
        return start(kafkaConsumer(bootstrapServers), topic, patience);
    }

    /** {@link #start(String, String, Duration)} on a given consumer (a MockConsumer in unit tests). */
    static LedgerTailer start(Consumer<byte[], byte[]> consumer, String topic, Duration patience) throws InterruptedException {
        var tailer = new LedgerTailer(consumer, topic);
        List<TopicPartition> partitions = tailer.consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        tailer.consumer.assign(partitions);
        tailer.consumer.seekToBeginning(partitions);
        // read_committed end offsets are the last stable offsets: an upload in flight elsewhere does not hold start-up
        Map<TopicPartition, Long> stable = tailer.consumer.endOffsets(partitions, Duration.ofSeconds(10));
        tailer.thread.start();
        for (var end : stable.entrySet()) {
            if (!tailer.awaitRead(end.getKey().partition(), end.getValue(), patience)) {
                tailer.close();
                throw new IllegalStateException("the upload ledger " + topic + " was not read within " + patience.toSeconds() + " s");
            }
        }
        return tailer;
    }

    private void run() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    remember(record);
                }
                for (TopicPartition tp : consumer.assignment()) {
                    positions.put(tp.partition(), consumer.position(tp));
                }
                synchronized (progress) {
                    progress.notifyAll();
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "the upload ledger reader stopped; uploads answer 503 until the service restarts", e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    private void remember(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        LedgerEntry entry = parse(record.value());
        String sha = new String(record.key(), StandardCharsets.US_ASCII);
        bySha.putIfAbsent(sha, entry); // the first committed entry of a file is the upload that counts
        if (entry.uploadId() != null) {
            byUpload.put(entry.uploadId(), entry.withSha256(sha));
        }
    }

    /**
     * Waits until every ledger record below {@code offset} of {@code partition} is read (so every transaction that
     * wrote one has ended); false after {@code timeout}, or when the reader has stopped.
     */
    boolean awaitRead(int partition, long offset, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (positions.getOrDefault(partition, 0L) < offset) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0 || !thread.isAlive()) {
                    return false;
                }
                progress.wait(Math.min(left, 100));
            }
        }
        return true;
    }

    /** The first committed upload of this file, among what is read so far. */
    Optional<LedgerEntry> bySha(String sha256) {
        return Optional.ofNullable(bySha.get(sha256));
    }

    /** A committed upload by id, among what is read so far. */
    Optional<LedgerEntry> byUpload(String uploadId) {
        return Optional.ofNullable(byUpload.get(uploadId));
    }

    /** Every committed upload read so far. */
    Collection<LedgerEntry> uploads() {
        return byUpload.values();
    }

    boolean alive() {
        return thread.isAlive();
    }

    String topic() {
        return topic;
    }

    private static LedgerEntry parse(byte[] json) {
        try {
            return JSON.readValue(json, LedgerEntry.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable upload ledger entry", e);
        }
    }

    static byte[] json(LedgerEntry entry) {
        try {
            return JSON.writeValueAsBytes(entry);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        if (thread.isAlive()) {
            thread.join(5_000);
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }
}
