package dev.roundhouse.support;

import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.config.Config;
import dev.roundhouse.model.GameRound;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads everything committed on the service's topic (read_committed), as a standard consumer would. */
public final class TopicReader {
    private TopicReader() {}

    public static List<ConsumerRecord<byte[], byte[]>> committedRecords(Config config) {
        return committedRecords(config, config.topic());
    }

    /** Everything committed on {@code topic} (e.g. the dead-letter topic). */
    public static List<ConsumerRecord<byte[], byte[]>> committedRecords(Config config, String topic) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** The committed rounds, decoded with the schema each record names in the registry. */
    public static List<GameRound> committedRounds(Config config) throws Exception {
        var decoder = new GameRoundDecoder(SchemaRegistryClient.from(config));
        List<GameRound> rounds = new ArrayList<>();
        for (var record : committedRecords(config)) {
            rounds.add(decoder.decode(record.value()));
        }
        return rounds;
    }
}
