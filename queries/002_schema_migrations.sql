-- One row per applied migration file. ReplacingMergeTree: if two processes start at once and both
-- apply (idempotent) migration N, the duplicate record collapses on merge, and readers use DISTINCT.
CREATE TABLE IF NOT EXISTS game_data.schema_migrations
(
    version    UInt32,
    name       String,
    applied_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
ORDER BY version
