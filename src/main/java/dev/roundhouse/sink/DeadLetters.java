package dev.roundhouse.sink;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends records the sink cannot decode to the dead-letter topic: the original key, value and headers
 * (so {@code upload_id} travels along) plus {@code original_topic}, {@code original_partition},
 * {@code original_offset} and {@code error}. A plain idempotent producer (no transaction): delivery is
 * at least once. Thread-safe.
 */
final class DeadLetters implements AutoCloseable {
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    DeadLetters(String bootstrapServers, String topic) {
        this.topic = topic;
        var props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "roundhouse-sink-dlq");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Starts sending; the caller waits on the future before it treats the record's offset as done. */
    Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> original, String reason) {
        var headers = new RecordHeaders(original.headers().toArray());
        headers.add("original_topic", utf8(original.topic()));
        headers.add("original_partition", utf8(String.valueOf(original.partition())));
        headers.add("original_offset", utf8(String.valueOf(original.offset())));
        headers.add("error", utf8(reason));
        return producer.send(new ProducerRecord<>(topic, null, original.key(), original.value(), headers));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
