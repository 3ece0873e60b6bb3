package dev.roundhouse.support;

import dev.roundhouse.avro.GameRoundDecoder;
import dev.roundhouse.avro.SchemaRegistryClient;
import dev.roundhouse.clickhouse.ClickHouseTopology;
import dev.roundhouse.clickhouse.GameRoundRows;
import dev.roundhouse.config.Config;
import dev.roundhouse.csv.GameRound;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Until the sink lands: what it does per partition, done once over everything committed on the topic.
 * Each partition's records go, as one INSERT with their {@code _partition}/{@code _offset}, to that
 * partition's shard ({@link ClickHouseTopology#shardFor}); shards are written in parallel.
 */
public final class ShardedSinkStandIn {
    private ShardedSinkStandIn() {}

    /** Writes every committed record of the service's topic; returns the rows written. */
    public static long drain(Config config, ClickHouseTopology topology) throws Exception {
        var byPartition = new TreeMap<Integer, List<ConsumerRecord<byte[], byte[]>>>();
        for (var r : TopicReader.committedRecords(config)) {
            byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
        var decoder = new GameRoundDecoder(SchemaRegistryClient.from(config));
        return write(topology, byPartition, decoder);
    }

    private static long write(ClickHouseTopology topology, Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition,
                              GameRoundDecoder decoder) throws Exception {
        String table = topology.localTable(GameRoundRows.TABLE);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var inserts = new ArrayList<Future<Integer>>();
            for (var e : byPartition.entrySet()) {
                var records = e.getValue();
                var rounds = new ArrayList<GameRound>(records.size());
                for (var r : records) rounds.add(decoder.decode(r.value()));
                inserts.add(pool.submit(() -> {
                    topology.shardFor(e.getKey()).insert(table, GameRoundRows.COLUMNS, w -> {
                        for (int i = 0; i < records.size(); i++) {
                            GameRoundRows.write(w, rounds.get(i), "it-upload", records.get(i).partition(), records.get(i).offset());
                        }
                    });
                    return records.size();
                }));
            }
            long rows = 0;
            for (var f : inserts) rows += f.get();
            return rows;
        }
    }
}
