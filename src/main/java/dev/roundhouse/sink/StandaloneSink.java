package dev.roundhouse.sink;

import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.config.Config;
import java.lang.System.Logger.Level;

/**
 * The sink without the HTTP service ({@code java -jar roundhouse.jar sink}): applies the ClickHouse
 * migrations (waiting up to ROUNDHOUSE_START_PATIENCE_SECONDS for ClickHouse) and consumes. The topics are the service's to
 * create; until they exist the consumer simply has nothing assigned.
 */
public final class StandaloneSink implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(StandaloneSink.class.getName());

    private final ClickHouseTopology clickhouse;
    private final Sink sink;

    private StandaloneSink(ClickHouseTopology clickhouse, Sink sink) {
        this.clickhouse = clickhouse;
        this.sink = sink;
    }

    public static StandaloneSink start(Config config) throws InterruptedException {
        var clickhouse = ClickHouseTopology.from(config);
        try {
            clickhouse.migrateWhenReady(config.startPatience());
            var sink = new Sink(config, clickhouse, SchemaRegistryClient.from(config)).start();
            LOG.log(Level.INFO, "roundhouse sink consuming " + config.topic() + " into " + config.clickhouseDatabase());
            return new StandaloneSink(clickhouse, sink);
        } catch (RuntimeException | InterruptedException e) {
            clickhouse.close();
            throw e;
        }
    }

    public SinkMetrics metrics() {
        return sink.metrics();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            sink.close();
        } finally {
            clickhouse.close();
        }
    }
}
