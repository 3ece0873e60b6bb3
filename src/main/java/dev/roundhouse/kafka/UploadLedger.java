package dev.roundhouse.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The record of committed uploads, by SHA-256 of the file. It lives in a compacted Kafka topic and each
 * entry is written inside the upload's own transaction, so an upload and its ledger entry commit or
 * vanish together and the ledger survives restarts. Uploads in flight are reserved in memory, so two
 * concurrent copies of one file cannot both commit.
 */
public final class UploadLedger {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the ledger keeps about one committed upload. */
    public record Entry(String uploadId, long rowsAccepted, long committedAtMillis) {}

    private final String topic;
    private final Map<String, Entry> committed = new ConcurrentHashMap<>();
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();

    private UploadLedger(String topic) {
        this.topic = topic;
    }

    /** Reads every committed entry of the ledger topic (read_committed, from the beginning to the end). */
    public static UploadLedger load(String bootstrapServers, String topic) {
        var ledger = new UploadLedger(topic);
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(10)) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.key() != null && record.value() != null) {
                        ledger.committed.put(new String(record.key(), StandardCharsets.US_ASCII), parse(record.value()));
                    }
                }
            }
        }
        return ledger;
    }

    /** The committed upload that had this file, if any. */
    public Optional<Entry> committed(String sha256) {
        return Optional.ofNullable(committed.get(sha256));
    }

    /**
     * Claims the file for this upload. Returns empty when claimed, or the id of the upload that already
     * committed or is committing the same file.
     */
    public Optional<String> claim(String sha256, String uploadId) {
        var done = committed.get(sha256);
        if (done != null) {
            return Optional.of(done.uploadId());
        }
        var other = inFlight.putIfAbsent(sha256, uploadId);
        if (other != null) {
            return Optional.of(other);
        }
        // A commit may have landed between the two looks.
        done = committed.get(sha256);
        if (done != null) {
            inFlight.remove(sha256, uploadId);
            return Optional.of(done.uploadId());
        }
        return Optional.empty();
    }

    /** Adds the ledger entry to the producer's open transaction. */
    public void append(Producer<byte[], byte[]> transaction, String sha256, Entry entry) {
        try {
            // commitTransaction fails if this send did, so its future needs no look
            var _ = transaction.send(new ProducerRecord<>(topic, sha256.getBytes(StandardCharsets.US_ASCII), JSON.writeValueAsBytes(entry)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends a claim: records the entry when the transaction committed, forgets it otherwise. */
    public void release(String sha256, String uploadId, Entry committedEntry) {
        if (committedEntry != null) {
            committed.put(sha256, committedEntry);
        }
        inFlight.remove(sha256, uploadId);
    }

    public String topic() {
        return topic;
    }

    /** Topic settings: compacted, so the ledger keeps the latest entry per file forever. */
    public static Map<String, String> topicConfig() {
        return Map.of("cleanup.policy", "compact");
    }

    private static Entry parse(byte[] json) {
        try {
            return JSON.readValue(json, Entry.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable upload ledger entry", e);
        }
    }

}
