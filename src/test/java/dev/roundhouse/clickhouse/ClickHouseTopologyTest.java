package dev.roundhouse.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roundhouse.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseTopologyTest {
    private static final Map<String, String> CLUSTER_ENV = Map.of(
            "CLICKHOUSE_CLUSTER", "roundhouse",
            "CLICKHOUSE_URL", "http://127.0.0.1:18124",
            "CLICKHOUSE_SHARD_URLS", "http://127.0.0.1:18123, http://127.0.0.1:18124/",
            "CLICKHOUSE_DATABASE", "gd");

    @Test
    void singleModeReadsAndWritesTheOneServer() {
        try (var topology = ClickHouseTopology.from(Config.from(Map.of("CLICKHOUSE_DATABASE", "gd")))) {
            assertFalse(topology.clustered());
            assertEquals(1, topology.shards().size());
            assertSame(topology.reader(), topology.shardFor(5));
            assertEquals("gd.hourly_by_player", topology.readTable("hourly_by_player"));
            assertEquals("gd.game_rounds", topology.localTable("game_rounds"));
            assertEquals(List.of("clickhouse"), List.copyOf(topology.healthChecks().keySet()));
        }
    }

    @Test
    void clusterModeWritesPartitionModShardsAndReadsDistributed() {
        try (var topology = ClickHouseTopology.from(Config.from(CLUSTER_ENV))) {
            assertTrue(topology.clustered());
            assertEquals(2, topology.shards().size());
            for (int p = 0; p < 6; p++) {
                assertSame(topology.shards().get(p % 2), topology.shardFor(p));
            }
            assertSame(topology.shards().get(1), topology.reader(), "reads go to CLICKHOUSE_URL");
            assertEquals("gd.hourly_by_game_all", topology.readTable("hourly_by_game"));
            assertEquals("gd.game_rounds", topology.localTable("game_rounds"));
            assertEquals(List.of("clickhouse_shard_1", "clickhouse_shard_2"), List.copyOf(topology.healthChecks().keySet()));
            assertThrows(IllegalArgumentException.class, () -> topology.shardFor(-1));
        }
    }

    @Test
    void clusterSettingsAreCheckedTogether() {
        var noShards = new HashMap<>(CLUSTER_ENV);
        noShards.remove("CLICKHOUSE_SHARD_URLS");
        assertThrows(IllegalArgumentException.class, () -> Config.from(noShards));
        var noCluster = new HashMap<>(CLUSTER_ENV);
        noCluster.remove("CLICKHOUSE_CLUSTER");
        assertThrows(IllegalArgumentException.class, () -> Config.from(noCluster));
        var readerNotAShard = new HashMap<>(CLUSTER_ENV);
        readerNotAShard.put("CLICKHOUSE_URL", "http://127.0.0.1:18125");
        assertThrows(IllegalArgumentException.class, () -> Config.from(readerNotAShard));
        var badName = new HashMap<>(CLUSTER_ENV);
        badName.put("CLICKHOUSE_CLUSTER", "a-b");
        assertThrows(IllegalArgumentException.class, () -> Config.from(badName));
        assertEquals(List.of(URI.create("http://127.0.0.1:18123"), URI.create("http://127.0.0.1:18124")),
                Config.from(CLUSTER_ENV).clickhouseShardUrls());
    }

    @Test
    void clusterMigrationsAreListedAndNameTheClusterAndDatabase() throws Exception {
        var onDisk = QuoteAndMigrationsTest.migrationFiles(Path.of("queries/cluster"));
        var cluster = Migrations.loadCluster();
        assertEquals(onDisk, cluster.stream().map(Migrations.Migration::name).toList());
        var versions = new HashSet<Integer>();
        Migrations.load().forEach(m -> versions.add(m.version()));
        for (var m : cluster) {
            assertTrue(versions.add(m.version()), m.name() + " reuses a version of queries/migrations.txt");
            String sql = m.sqlFor("gd", "prod_cluster");
            assertTrue(sql.contains("Distributed(prod_cluster, gd, "), sql);
            assertFalse(sql.contains("game_data") || sql.contains(";"), m.name());
            assertTrue(sql.contains("IF NOT EXISTS"), m.name());
        }
        assertEquals("CREATE TABLE IF NOT EXISTS gd.x_all AS gd.x ENGINE = Distributed(c1, gd, x)",
                new Migrations.Migration(101, "101_x.sql",
                        "CREATE TABLE IF NOT EXISTS game_data.x_all AS game_data.x ENGINE = Distributed(roundhouse, game_data, x)").sqlFor("gd", "c1"));
    }
}
