-- Cluster mode: reads of game_data.hourly_by_game on every shard of the cluster (the word roundhouse after
-- Distributed( is replaced by CLICKHOUSE_CLUSTER). No sharding key: rows are never inserted through
-- this table (ClickHouse refuses such an insert with more than one shard): on each shard the MV
-- fills game_data.hourly_by_game from the rows the sink wrote to that shard.
CREATE TABLE IF NOT EXISTS game_data.hourly_by_game_all AS game_data.hourly_by_game
ENGINE = Distributed(roundhouse, game_data, hourly_by_game)
