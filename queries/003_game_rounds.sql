-- Every committed game round, exactly once, with the Kafka coordinates it came from.
-- Amounts: Nullable(Decimal(18, 4)) (null = empty or NaN cell in the CSV).
-- ORDER BY (created_timestamp, game_instance_id): reconciliation and audits read time ranges
-- (an uploaded file covers a time window) and look rows up by their natural key inside it.
CREATE TABLE IF NOT EXISTS game_data.game_rounds
(
    created_timestamp DateTime('UTC'),
    game_instance_id  Int64,
    user_id           String,
    game_id           Int64,
    real_amount_bet   Nullable(Decimal(18, 4)),
    bonus_amount_bet  Nullable(Decimal(18, 4)),
    real_amount_win   Nullable(Decimal(18, 4)),
    bonus_amount_win  Nullable(Decimal(18, 4)),
    game_name         String,
    provider          String,
    upload_id         String,
    _partition        Int32,
    _offset           Int64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(created_timestamp)
ORDER BY (created_timestamp, game_instance_id)
