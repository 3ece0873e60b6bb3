package dev.roundhouse.clickhouse;

import dev.roundhouse.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where ClickHouse data is written and read: one server, or the shards of a cluster.
 *
 * <p>Single mode: one client does everything and tables are read under their own names. Cluster
 * mode ({@code CLICKHOUSE_CLUSTER}): every shard holds the same local tables and MVs, and Kafka
 * partition p is written to shard {@code p mod N} only, so its rows, its aggregates and its resume
 * offset ({@code max(_offset)}) all live on that shard, and a player (the record key picks the
 * partition) lives on one shard. Reads go to {@link #reader()} through the Distributed tables
 * ({@code <table>_all}), which fan out to every shard and merge the aggregate states exactly.
 *
 * <p>The shard count and the topic's partition count are fixed for a topic's lifetime: changing
 * either moves partitions to other shards, whose offsets the sink would not find.
 */
public final class ClickHouseTopology implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClickHouseTopology.class.getName());

    /** Suffix of a local table's Distributed counterpart (see queries/cluster/). */
    public static final String DISTRIBUTED_SUFFIX = "_all";
    /** The tables an INSERT into game_rounds writes: itself and the two aggregate tables of its views. */
    private static final List<String> DEDUPLICATED_TABLES = List.of(GameRoundRows.TABLE, "hourly_by_player", "hourly_by_game");

    private final String database;
    private final String cluster;
    private final List<ClickHouseClient> shards;
    private final ClickHouseClient reader;
    /** Read by {@link #migrate()}; the oldest shard's when shards differ. */
    private volatile ServerFeatures features;

    private ClickHouseTopology(String database, String cluster, List<ClickHouseClient> shards, ClickHouseClient reader) {
        this.database = ClickHouseClient.identifier(database);
        this.cluster = cluster;
        this.shards = List.copyOf(shards);
        this.reader = reader;
    }

    /** One server for reads and writes. */
    public static ClickHouseTopology single(ClickHouseClient client, String database) {
        return new ClickHouseTopology(database, "", List.of(client), client);
    }

    /** The shards of {@code cluster}, in its shard order; reads go to {@code shards.get(readerIndex)}. */
    public static ClickHouseTopology cluster(String cluster, List<ClickHouseClient> shards, int readerIndex, String database) {
        ClickHouseClient.identifier(cluster);
        if (shards.isEmpty()) throw new IllegalArgumentException("a cluster needs at least one shard");
        return new ClickHouseTopology(database, cluster, shards, shards.get(readerIndex));
    }

    /** From CLICKHOUSE_URL, or CLICKHOUSE_CLUSTER with CLICKHOUSE_SHARD_URLS (reads go to CLICKHOUSE_URL, one of them). */
    public static ClickHouseTopology from(Config config) {
        if (config.clickhouseCluster().isEmpty()) {
            return single(ClickHouseClient.from(config), config.clickhouseDatabase());
        }
        var clients = new ArrayList<ClickHouseClient>();
        for (URI url : config.clickhouseShardUrls()) {
            clients.add(ClickHouseClient.from(config, url));
        }
        return cluster(config.clickhouseCluster(), clients, config.clickhouseShardUrls().indexOf(config.clickhouseUrl()), config.clickhouseDatabase());
    }

    public boolean clustered() {
        return !cluster.isEmpty();
    }

    /** The cluster name, empty in single mode. */
    public String cluster() {
        return cluster;
    }

    public String database() {
        return database;
    }

    /** Every shard, in shard order (one element in single mode). */
    public List<ClickHouseClient> shards() {
        return shards;
    }

    /** Index into {@link #shards()} of the shard that stores Kafka partition {@code kafkaPartition}: p mod N. */
    public int shardIndex(int kafkaPartition) {
        if (kafkaPartition < 0) throw new IllegalArgumentException("negative partition " + kafkaPartition);
        return kafkaPartition % shards.size();
    }

    /** The shard that stores Kafka partition {@code kafkaPartition}: write its rows there and read its resume offset there. */
    public ClickHouseClient shardFor(int kafkaPartition) {
        return shards.get(shardIndex(kafkaPartition));
    }

    /** Where the API and reconciliation send their SELECTs (with {@link #readTable}). */
    public ClickHouseClient reader() {
        return reader;
    }

    /** {@code database.table}: the local table, for inserts and per-shard reads (resume offsets). */
    public String localTable(String table) {
        return database + "." + ClickHouseClient.identifier(table);
    }

    /** The table to read all data from: {@code database.table_all} (Distributed) in cluster mode, else {@link #localTable}. */
    public String readTable(String table) {
        return clustered() ? localTable(table + DISTRIBUTED_SUFFIX) : localTable(table);
    }

    /**
     * Applies the schema: the migrations in queries/ on every shard, then (cluster mode) the
     * Distributed tables from queries/cluster/ on every shard. Returns how many statements ran.
     */
    public int migrate() {
        int ran = 0;
        for (ClickHouseClient shard : shards) ran += Migrations.apply(shard, database).size();
        if (clustered()) {
            for (ClickHouseClient shard : shards) ran += Migrations.applyCluster(shard, database, cluster).size();
        }
        features = shards.stream().map(ServerFeatures::of)
                .min(Comparator.comparingInt(ServerFeatures::major).thenComparingInt(ServerFeatures::minor)).orElseThrow();
        if (features.deduplicationTokens()) {
            for (ClickHouseClient shard : shards) keepDeduplicationTokens(shard);
        }
        return ran;
    }

    /**
     * Lets game_rounds and both aggregate tables drop a block whose insert_deduplication_token they saw
     * recently. All three need it: on 26.7 a block deduplicated in game_rounds still reaches the views, and
     * the aggregates dropped it only when their own tables had the window too (measured: the same two-row
     * INSERT twice with one token gave count 2 in the source table but 4 in the view's table without it).
     * Idempotent, so it runs on every start; 18.16 has no tokens and never gets here.
     */
    private void keepDeduplicationTokens(ClickHouseClient shard) {
        for (String table : DEDUPLICATED_TABLES) {
            shard.execute("ALTER TABLE " + localTable(table) + " MODIFY SETTING non_replicated_deduplication_window = "
                    + features.deduplicationWindow());
        }
    }

    /** The server's version and what the service uses of it; known once {@link #migrate()} has run. */
    public ServerFeatures features() {
        if (features == null) throw new IllegalStateException("features are read by migrate()");
        return features;
    }

    /**
     * {@link #migrate()}, waiting up to {@code patience} (1 s apart) while ClickHouse is unreachable, as it is
     * for a moment when service and database start together.
     */
    public void migrateWhenReady(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            try {
                int applied = migrate();
                LOG.log(System.Logger.Level.INFO, "ClickHouse " + features.version() + "; sink INSERT settings in use: " + features.inUse());
                if (applied > 0) {
                    LOG.log(System.Logger.Level.INFO, "ClickHouse migrations applied to " + database
                            + (clustered() ? " on " + shards.size() + " shards of " + cluster : "") + ": " + applied);
                }
                return;
            } catch (ClickHouseException e) {
                if (!e.retryable() || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, "ClickHouse not ready (" + e.getMessage() + "); retrying");
                Thread.sleep(1000);
            }
        }
    }

    /** /health checks: {@code clickhouse} in single mode, {@code clickhouse_shard_<n>} (n from 1) per shard in cluster mode. */
    public Map<String, BooleanSupplier> healthChecks() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        if (!clustered()) {
            checks.put("clickhouse", reader::ping);
        } else {
            for (int i = 0; i < shards.size(); i++) checks.put("clickhouse_shard_" + (i + 1), shards.get(i)::ping);
        }
        return checks;
    }

    @Override
    public void close() {
        shards.forEach(ClickHouseClient::close);
    }
}
