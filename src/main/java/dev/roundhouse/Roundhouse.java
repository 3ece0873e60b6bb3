package dev.roundhouse;

import dev.roundhouse.api.HttpApi;
import dev.roundhouse.config.Config;
import dev.roundhouse.kafka.KafkaTopics;
import dev.roundhouse.kafka.UploadLedger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The service assembled from its parts, in start-up order; {@link #close()} stops them in reverse. */
public final class Roundhouse implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Roundhouse.class.getName());

    private final Config config;
    private final KafkaTopics topics;
    private final HttpApi http = new HttpApi();
    private int port;

    private Roundhouse(Config config) {
        this.config = config;
        this.topics = new KafkaTopics(config.kafkaBootstrapServers());
    }

    public static Roundhouse start(Config config) throws Exception {
        var app = new Roundhouse(config);
        try {
            app.startParts();
            return app;
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    private void startParts() throws Exception {
        long t0 = System.nanoTime();
        topics.ensure(List.of(
                new KafkaTopics.Spec(config.topic(), config.topicPartitions(), Map.of()),
                new KafkaTopics.Spec(config.deadLetterTopic(), 1, Map.of()),
                new KafkaTopics.Spec(config.uploadsTopic(), 1, UploadLedger.topicConfig())));

        Map<String, BooleanSupplier> health = new LinkedHashMap<>();
        health.put("kafka", topics::ping);
        http.get("/health", new dev.roundhouse.api.HealthHandler(health));
        port = http.start("0.0.0.0", config.port());
        LOG.log(Level.INFO, "roundhouse listening on :" + port + " (started in " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(config.shutdownGrace().toMillis());
        topics.close();
    }
}
