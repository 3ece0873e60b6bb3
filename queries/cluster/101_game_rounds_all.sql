-- Cluster mode: reads of game_data.game_rounds on every shard of the cluster (the word roundhouse after
-- Distributed( is replaced by CLICKHOUSE_CLUSTER). No sharding key: rows are never inserted through
-- this table (ClickHouse refuses such an insert with more than one shard), the sink writes each
-- shard's game_data.game_rounds directly.
CREATE TABLE IF NOT EXISTS game_data.game_rounds_all AS game_data.game_rounds
ENGINE = Distributed(roundhouse, game_data, game_rounds)
