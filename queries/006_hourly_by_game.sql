-- Hourly aggregates per (hour, user_id, game_id), ordered for lookups by game.
-- Aggregate states, not plain numbers: rows with the same key are combined on merge, so every
-- read must use countMerge/sumMerge with GROUP BY (see README.md). sum over Decimal(18, 4) keeps
-- a Decimal(38, 4) state and reads back as Decimal(38, 4): exact, no overflow at 18 digits.
CREATE TABLE IF NOT EXISTS game_data.hourly_by_game
(
    hour             DateTime('UTC'),
    user_id          String,
    game_id          Int64,
    rounds           AggregateFunction(count),
    real_amount_bet  AggregateFunction(sum, Decimal(18, 4)),
    bonus_amount_bet AggregateFunction(sum, Decimal(18, 4)),
    real_amount_win  AggregateFunction(sum, Decimal(18, 4)),
    bonus_amount_win AggregateFunction(sum, Decimal(18, 4))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (game_id, hour, user_id)
