package dev.roundhouse;

import dev.roundhouse.api.HealthHandler;
import dev.roundhouse.api.HttpApi;
import dev.roundhouse.api.RequestBodies;
import dev.roundhouse.api.UploadHandler;
import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.avro.GameRoundSchema;
import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.avro.SchemaRegistryException;
import dev.roundhouse.clickhouse.ClickHouseClient;
import dev.roundhouse.clickhouse.ClickHouseException;
import dev.roundhouse.clickhouse.Migrations;
import dev.roundhouse.config.Config;
import dev.roundhouse.kafka.KafkaTopics;
import dev.roundhouse.kafka.TransactionalProducers;
import dev.roundhouse.kafka.UploadLedger;
import dev.roundhouse.kafka.UploadPublisher;
import dev.roundhouse.sink.Sink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** The service assembled from its parts, in start-up order; {@link #close()} stops them in reverse. */
public final class Roundhouse implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Roundhouse.class.getName());
    /** How long start-up waits for a dependency that is not answering yet before giving up. */
    private static final Duration START_PATIENCE = Duration.ofSeconds(60);

    private final Config config;
    private final KafkaTopics topics;
    private final SchemaRegistryClient registry;
    private final ClickHouseClient clickhouse;
    private final TransactionalProducers producers;
    private final HttpApi http = new HttpApi();
    private Sink sink; // null when ROUNDHOUSE_SINK=off
    private int port;

    private Roundhouse(Config config) {
        this.config = config;
        this.topics = new KafkaTopics(config.kafkaBootstrapServers());
        this.registry = SchemaRegistryClient.from(config);
        this.clickhouse = ClickHouseClient.from(config);
        this.producers = new TransactionalProducers(config.kafkaBootstrapServers(), "roundhouse-upload", 4);
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
        migrateClickHouse();
        if (config.sinkEnabled()) {
            sink = new Sink(config, clickhouse, registry).start();
        }
        int schemaId = registerSchema();
        var ledger = UploadLedger.load(config.kafkaBootstrapServers(), config.uploadsTopic());
        var publisher = new UploadPublisher(config.topic(), producers, ledger, new GameRoundEncoder(schemaId));
        var bodies = new RequestBodies(config.maxUploadBytes());

        Map<String, BooleanSupplier> health = new LinkedHashMap<>();
        health.put("kafka", topics::ping);
        health.put("clickhouse", clickhouse::ping);
        health.put("schema_registry", registry::ping);
        http.get("/health", new HealthHandler(health))
            .post("/uploads", new UploadHandler(publisher, bodies));
        port = http.start("0.0.0.0", config.port());
        LOG.log(Level.INFO, "roundhouse listening on :" + port + " (started in " + (System.nanoTime() - t0) / 1_000_000 + " ms)");
    }

    /** Applies the migrations in queries/ that this database has not seen, waiting for ClickHouse if it is starting. */
    private void migrateClickHouse() throws InterruptedException {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (true) {
            try {
                var applied = Migrations.apply(clickhouse, config.clickhouseDatabase());
                if (!applied.isEmpty()) {
                    LOG.log(Level.INFO, "ClickHouse migrations applied to " + config.clickhouseDatabase() + ": " + applied.size());
                }
                return;
            } catch (ClickHouseException e) {
                if (!e.retryable() || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.log(Level.WARNING, "ClickHouse not ready (" + e.getMessage() + "); retrying");
                Thread.sleep(1000);
            }
        }
    }

    /** Registers the record schema, retrying while the registry is unreachable (it may still be starting). */
    private int registerSchema() throws SchemaRegistryException, InterruptedException {
        String subject = GameRoundSchema.subjectFor(config.topic());
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (true) {
            try {
                int id = registry.register(subject, GameRoundSchema.json());
                LOG.log(Level.INFO, "schema " + subject + " registered as id " + id);
                return id;
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable() || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.log(Level.WARNING, "schema registry not ready (" + e.getMessage() + "); retrying");
                Thread.sleep(1000);
            }
        }
    }

    public int port() {
        return port;
    }

    /** The Kafka → ClickHouse sink of this process, empty when ROUNDHOUSE_SINK=off. */
    public java.util.Optional<Sink> sink() {
        return java.util.Optional.ofNullable(sink);
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(config.shutdownGrace().toMillis());
        if (sink != null) {
            sink.close(); // inserts what it has read before ClickHouse's client closes
        }
        producers.close();
        topics.close();
        clickhouse.close();
    }
}
