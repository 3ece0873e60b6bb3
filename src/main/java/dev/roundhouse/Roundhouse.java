package dev.roundhouse;

import dev.roundhouse.api.AggregatesHandler;
import dev.roundhouse.api.ConcurrencyLimit;
import dev.roundhouse.api.HealthHandler;
import dev.roundhouse.api.HttpApi;
import dev.roundhouse.api.Metrics;
import dev.roundhouse.api.ReconciliationHandler;
import dev.roundhouse.api.ReconciliationStatusHandler;
import dev.roundhouse.api.RequestBodies;
import dev.roundhouse.api.ResponseCache;
import dev.roundhouse.api.StaticJsonHandler;
import dev.roundhouse.api.UploadHandler;
import dev.roundhouse.api.UploadMetrics;
import dev.roundhouse.api.UploadStatusHandler;
import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.GameRoundEncoder;
import dev.roundhouse.avro.GameRoundSchema;
import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.avro.SchemaRegistryException;
import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.clickhouse.StoredUploads;
import dev.roundhouse.config.Config;
import dev.roundhouse.kafka.KafkaTopics;
import dev.roundhouse.kafka.TransactionalProducers;
import dev.roundhouse.kafka.UploadLedger;
import dev.roundhouse.kafka.UploadPublisher;
import dev.roundhouse.reconcile.ClickHouseRounds;
import dev.roundhouse.reconcile.Reconciler;
import dev.roundhouse.reconcile.Reconciliations;
import dev.roundhouse.sink.Sink;
import dev.roundhouse.sink.SinkMetrics;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** The service assembled from its parts, in start-up order; {@link #close()} stops them in reverse. */
public final class Roundhouse implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Roundhouse.class.getName());

    private final Config config;
    private final KafkaTopics topics;
    private final SchemaRegistryClient registry;
    private final ClickHouseTopology clickhouse;
    private final TransactionalProducers producers;
    private final Metrics metrics = new Metrics();
    private final HttpApi http;
    private Sink sink; // null when ROUNDHOUSE_SINK=off
    private UploadLedger ledger;
    private int port;

    private Roundhouse(Config config) {
        this.config = config;
        this.topics = new KafkaTopics(config.kafkaBootstrapServers());
        // ClickHouse's clients first: they set the JDK's idle-connection limit, which the first HTTP client fixes
        this.clickhouse = ClickHouseTopology.from(config);
        this.registry = SchemaRegistryClient.from(config);
        // Transactional ids per topic and instance: services on other topics (tests) and the other replicas must
        // not fence ours, while a restart of this instance (same id) fences its own zombie and aborts what it left open.
        this.producers = new TransactionalProducers(config.kafkaBootstrapServers(),
                "roundhouse-upload-" + config.topic() + "-" + config.instanceId(), config.maxConcurrentUploads());
        this.http = new HttpApi(metrics, config.apiKeys(), config.idleTimeout());
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
        clickhouse.migrateWhenReady(config.startPatience());
        if (config.sinkEnabled()) {
            sink = new Sink(config, clickhouse, registry).start();
            export(sink.metrics());
        }
        int schemaId = registerSchema();
        producers.fenceEarlierRun();
        ledger = UploadLedger.start(config.kafkaBootstrapServers(), config.uploadsTopic(), config.startPatience());
        var encoder = new GameRoundEncoder(schemaId);
        WarmUp.run(config.warmUpRows(), encoder, sink == null ? null : new GameRoundDecoder(registry));
        var publisher = new UploadPublisher(config.topic(), config.instanceId(), producers, ledger, encoder);
        var bodies = new RequestBodies(config.maxUploadBytes(), config.bodyReadTimeout());
        // uploads and reconciliations share the bound: each holds a producer or a large in-memory aggregate
        var heavyRequests = new ConcurrencyLimit(config.maxConcurrentUploads());
        metrics.gauge("roundhouse_uploads_in_progress", "uploads and reconciliations running now", heavyRequests::inUse);
        // background reconciliations count against their own bound too: see ROUNDHOUSE_MAX_CONCURRENT_RECONCILIATIONS
        var reconciliations = new Reconciliations(new Reconciler(new ClickHouseRounds(clickhouse)),
                config.reconciliationTtl(), config.reconciliationsKept(), config.maxConcurrentReconciliations());

        Map<String, BooleanSupplier> health = new LinkedHashMap<>();
        health.put("kafka", topics::ping);
        health.putAll(clickhouse.healthChecks());
        health.put("schema_registry", registry::ping);
        health.put("upload_ledger", ledger::alive);
        if (sink != null) {
            health.put("sink", sink::alive);
        }
        var uploads = new UploadStatusHandler(ledger, new StoredUploads(clickhouse));
        var features = clickhouse.features();
        var facts = new LinkedHashMap<String, Object>();
        facts.put("instance_id", config.instanceId());
        facts.put("clickhouse_version", features.version());
        facts.put("clickhouse_features", features.inUse());
        http.get("/health", new HealthHandler(health, facts))
            .post("/uploads", heavyRequests.guard(new UploadHandler(publisher, bodies, new UploadMetrics(metrics))))
            .get("/uploads", uploads.page())
            .get("/uploads/{id}", uploads.one())
            .get("/aggregates", new AggregatesHandler(clickhouse, new ResponseCache(this::dataVersion, config.aggregatesCacheMillis(), config.aggregatesCacheEntries())))
            .get("/openapi.json", new StaticJsonHandler("/openapi.json"))
            .post("/reconciliations", heavyRequests.guard(new ReconciliationHandler(reconciliations, bodies)))
            .get("/reconciliations/{id}", new ReconciliationStatusHandler(reconciliations));
        port = http.start("0.0.0.0", config.port());
        LOG.log(Level.INFO, "roundhouse listening", "port", port, "start_ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private void export(SinkMetrics m) {
        metrics.counter("roundhouse_sink_rows_inserted_total", "rows the sink inserted into ClickHouse", m::rowsInserted);
        metrics.counter("roundhouse_sink_inserts_total", "INSERTs the sink ran (one offset range of one partition each)", m::inserts);
        metrics.counter("roundhouse_sink_dead_lettered_total", "records sent to the dead-letter topic", m::deadLettered);
        metrics.counter("roundhouse_sink_retries_total", "sink retries (ClickHouse or Kafka unavailable)", m::retries);
        metrics.gauge("roundhouse_sink_lag_records", "records committed in Kafka but not yet in ClickHouse", m::totalLag);
        metrics.gauge("roundhouse_sink_last_insert_seconds", "duration of the last INSERT", () -> m.lastInsertLatencyMillis() / 1000.0);
    }

    /** Registers the record schema, retrying while the registry is unreachable (it may still be starting). */
    private int registerSchema() throws SchemaRegistryException, InterruptedException {
        String subject = GameRoundSchema.subjectFor(config.topic());
        long deadline = System.nanoTime() + config.startPatience().toNanos();
        while (true) {
            try {
                int id = registry.register(subject, GameRoundSchema.json());
                LOG.log(Level.INFO, "schema registered", "subject", subject, "schema_id", id);
                return id;
            } catch (SchemaRegistryException e) {
                if (!e.isRetriable()) {
                    throw e;
                }
                if (System.nanoTime() > deadline) {
                    throw new SchemaRegistryException("gave up after " + config.startPatience().toSeconds()
                            + " s (ROUNDHOUSE_START_PATIENCE_SECONDS): " + e.getMessage(), e.status(), e.errorCode(), e.registryMessage(), e);
                }
                LOG.log(Level.WARNING, "schema registry not ready (" + e.getMessage() + "); retrying");
                Thread.sleep(1000);
            }
        }
    }

    public int port() {
        return port;
    }

    /** Moves whenever this process's sink inserts into ClickHouse: cached lookups older than it are not reused. */
    private long dataVersion() {
        return sink == null ? 0 : sink.metrics().inserts();
    }

    /** The Kafka → ClickHouse sink of this process, empty when ROUNDHOUSE_SINK=off. */
    public Optional<Sink> sink() {
        return Optional.ofNullable(sink);
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(config.shutdownGrace().toMillis());
        if (sink != null) {
            sink.close(); // inserts what it has read before ClickHouse's client closes
        }
        producers.close();
        if (ledger != null) {
            ledger.close();
        }
        topics.close();
        clickhouse.close();
    }
}
